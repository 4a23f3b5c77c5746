package programs

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGroupUnsafeIsARace builds the command with the race detector and
// runs group both ways: the tutorial's counter must be reported as a data
// race, and the fix must not. It runs in a subprocess, so it passes under
// -race too.
func TestGroupUnsafeIsARace(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no subprocesses, and no race detector, on " + runtime.GOOS)
	}
	if testing.Short() {
		t.Skip("builds the command with -race, which takes a while")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "threads")
	build := exec.CommandContext(t.Context(), gobin, "build", "-race", "-o", bin, "../../../cmd/threads")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -race: %v\n%s", err, out)
	}

	out, err := exec.CommandContext(t.Context(), bin, "run", "group", "-unsafe", "1").CombinedOutput()
	if !strings.Contains(string(out), "WARNING: DATA RACE") {
		t.Errorf("the unsafe counter was not reported (%v):\n%s", err, out)
	}
	if !strings.Contains(string(out), "group.go:") {
		t.Errorf("the report does not point into group.go:\n%s", out)
	}

	out, err = exec.CommandContext(t.Context(), bin, "run", "group", "-unsafe", "0").CombinedOutput()
	if err != nil || strings.Contains(string(out), "DATA RACE") {
		t.Errorf("the fixed counter: %v\n%s", err, out)
	}
}
