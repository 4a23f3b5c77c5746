//go:build js && wasm

// Command fscheck exercises site/toolchain-fs.js through Go's own os
// package, as the compiler and linker use it. It prints one line per
// failed check, then "ok N" with the number of checks, and exits 1 when
// any failed. TestFS runs it under node with testdata/worker.js -go.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

var checks, failed int

func check(what string, ok bool, got ...any) {
	checks++
	if !ok {
		failed++
		fmt.Printf("FAIL %s: %v\n", what, got)
	}
}

func main() {
	wd, err := os.Getwd()
	check("Getwd is /", err == nil && wd == "/", wd, err)

	check("MkdirAll", os.MkdirAll("/tmp/a/b", 0o755) == nil)
	err = os.Mkdir("/tmp/a", 0o755)
	check("Mkdir of an existing folder: ErrExist", errors.Is(err, fs.ErrExist), err)
	err = os.Mkdir("/none/x", 0o755)
	check("Mkdir under a missing folder: ErrNotExist", errors.Is(err, fs.ErrNotExist), err)

	f, err := os.Create("/tmp/a/f.txt")
	check("Create", err == nil, err)
	n, err := f.WriteString("hello, ")
	check("Write", n == 7 && err == nil, n, err)
	f.WriteString("world")
	_, err = f.WriteAt([]byte("H"), 0)
	check("WriteAt leaves the position", err == nil, err)
	f.WriteString("!")
	check("Close", f.Close() == nil)
	data, err := os.ReadFile("/tmp/a/f.txt")
	check("ReadFile", string(data) == "Hello, world!" && err == nil, string(data), err)

	f, _ = os.Open("/tmp/a/f.txt")
	buf := make([]byte, 5)
	n, err = f.Read(buf)
	check("Read", n == 5 && string(buf) == "Hello", n, string(buf), err)
	n, err = f.ReadAt(buf[:3], 7)
	check("ReadAt", n == 3 && string(buf[:3]) == "wor", n, string(buf[:3]), err)
	n, _ = f.Read(buf)
	check("Read after ReadAt goes on from its own position", string(buf[:n]) == ", wor", string(buf[:n]))
	pos, err := f.Seek(-1, io.SeekEnd)
	check("Seek from the end", pos == 12 && err == nil, pos, err)
	rest, _ := io.ReadAll(f)
	check("ReadAll to the end", string(rest) == "!", string(rest))
	_, err = f.Write([]byte("x"))
	check("Write to a file opened for reading fails", err != nil, err)
	info, err := f.Stat()
	check("Stat of an open file", err == nil && info.Size() == 13 && info.Mode().IsRegular() && info.Mode().Perm() == 0o644, info, err)
	f.Close()
	_, err = f.Stat()
	check("Stat after Close fails", err != nil, err)

	info, err = os.Stat("/tmp/a")
	check("Stat of a folder", err == nil && info.IsDir(), info, err)
	_, err = os.Stat("/tmp/missing")
	check("Stat of a missing file: ErrNotExist", errors.Is(err, fs.ErrNotExist), err)
	_, err = os.Stat("/tmp/a/f.txt/x")
	check("Stat below a file fails", err != nil, err)

	_, err = os.OpenFile("/tmp/a/f.txt", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	check("O_EXCL on an existing file: ErrExist", errors.Is(err, fs.ErrExist), err)
	_, err = os.OpenFile("/tmp/a", os.O_WRONLY, 0)
	check("opening a folder for writing fails", err != nil, err)

	f, _ = os.OpenFile("/tmp/a/f.txt", os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("?")
	f.Close()
	data, _ = os.ReadFile("/tmp/a/f.txt")
	check("O_APPEND", string(data) == "Hello, world!?", string(data))
	check("Truncate", os.Truncate("/tmp/a/f.txt", 5) == nil)
	data, _ = os.ReadFile("/tmp/a/f.txt")
	check("after Truncate", string(data) == "Hello", string(data))
	os.WriteFile("/tmp/a/f.txt", []byte("new"), 0o644)
	data, _ = os.ReadFile("/tmp/a/f.txt")
	check("WriteFile truncates", string(data) == "new", string(data))

	os.WriteFile("/tmp/a/g.txt", nil, 0o644)
	entries, err := os.ReadDir("/tmp/a")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	check("ReadDir", err == nil && slices.Equal(names, []string{"b", "f.txt", "g.txt"}), names, err)

	check("Rename", os.Rename("/tmp/a/g.txt", "/tmp/a/b/h.txt") == nil)
	_, err = os.Stat("/tmp/a/g.txt")
	check("the old name is gone", errors.Is(err, fs.ErrNotExist), err)
	_, err = os.Stat("/tmp/a/b/h.txt")
	check("the new name is there", err == nil, err)

	err = os.Remove("/tmp/a")
	check("Remove of a folder that is not empty fails", err != nil, err)
	check("Chdir", os.Chdir("/tmp/a/b") == nil)
	wd, _ = os.Getwd()
	check("Getwd after Chdir", wd == "/tmp/a/b", wd)
	data, err = os.ReadFile("h.txt")
	check("a relative name", err == nil && len(data) == 0, err)
	_, err = os.ReadFile("../f.txt")
	check("a relative name with ..", err == nil, err)
	os.Chdir("/")
	check("RemoveAll", os.RemoveAll("/tmp/a") == nil)
	_, err = os.Stat("/tmp/a")
	check("gone after RemoveAll", errors.Is(err, fs.ErrNotExist), err)

	big := []byte(strings.Repeat("0123456789", 100000))
	os.WriteFile("/tmp/big", big, 0o644)
	data, _ = os.ReadFile("/tmp/big")
	check("a 1 MB file", string(data) == string(big), len(data))

	fmt.Fprintln(os.Stderr, "to stderr")
	fmt.Printf("ok %d\n", checks)
	if failed > 0 {
		os.Exit(1)
	}
}
