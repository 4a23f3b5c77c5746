//go:build !js

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// fact is one line of the report's header: what the numbers were measured on.
type fact struct{ Name, Value string }

// machineFacts describes this machine and the toolchain on PATH. A fact it
// cannot learn says so instead of failing the run.
func machineFacts(ctx context.Context) []fact {
	return []fact{
		{"cpu", cpuModel()},
		{"cores", fmt.Sprint(runtime.NumCPU())},
		{"memory", memTotal()},
		{"load average", loadAverage()},
		{"os", osRelease()},
		{"go", command(ctx, "go", "version")},
	}
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	v := procField("/proc/cpuinfo", "model name")
	if v == "" {
		return "unknown (" + runtime.GOARCH + ")"
	}
	return v
}

// memTotal is MemTotal of /proc/meminfo, in GiB.
func memTotal() string {
	v := procField("/proc/meminfo", "MemTotal")
	var kb int64
	if _, err := fmt.Sscanf(v, "%d kB", &kb); err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

// loadAverage is the 1, 5 and 15 minute load of /proc/loadavg: the machine
// is shared, and a loaded one makes every absolute figure slower.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// osRelease is the kernel and distribution.
func osRelease() string {
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	name := ""
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				name = strings.Trim(v, `"`)
			}
		}
	}
	return strings.TrimSpace(runtime.GOOS + " " + strings.TrimSpace(string(kernel)) + ", " + name)
}

// procField returns the value of the first "name : value" line of a /proc
// file, or "".
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// command returns the first line a command prints, or why it printed none.
func command(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}
