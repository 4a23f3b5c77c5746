package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunServesAndStops(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-dir", dir}, outW, &stderr)
		outW.Close()
	}()

	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v (stderr %q)", err, stderr.String())
	}
	_, url, ok := strings.Cut(strings.TrimSpace(line), " on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("URL line: got %q; want `serving DIR on http://127.0.0.1:PORT/`", line)
	}
	go io.Copy(io.Discard, outR)

	res, err := http.Get(url + "main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Header.Get("Content-Type"), "application/wasm"; got != want {
		t.Errorf("Content-Type: got %q; want %q", got, want)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: got %v; want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context was canceled")
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: got %q; want nothing for a loopback address", stderr.String())
	}
}

func TestRunErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		desc string
		args []string
		want string
	}{
		{"missing folder", []string{"-addr", "127.0.0.1:0", "-dir", filepath.Join(t.TempDir(), "nope")}, "make site"},
		{"file as folder", []string{"-addr", "127.0.0.1:0", "-dir", file}, "is not a folder"},
		{"bad address", []string{"-addr", "127.0.0.1:notaport", "-dir", t.TempDir()}, "notaport"},
		{"unknown flag", []string{"-port", "1"}, "flag provided but not defined"},
		{"stray argument", []string{"-dir", t.TempDir(), "extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if err == nil {
				t.Fatalf("got nil error; want one mentioning %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error: got %q; want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "localhost": true, "127.1.2.3": true,
		"": false, "0.0.0.0": false, "192.0.2.1": false, "example.com": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q): got %v; want %v", host, got, want)
		}
	}
}
