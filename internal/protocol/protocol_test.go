package protocol

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestJS checks that the script is valid JavaScript and carries the table,
// by running it in node when node is here.
func TestJS(t *testing.T) {
	src := JS()
	for _, want := range []string{`run: "run"`, `beat: "beat"`, "beatEvery: 40,", "stderrTail: 16384,"} {
		if !strings.Contains(src, want) {
			t.Errorf("protocol.js lacks %q:\n%s", want, src)
		}
	}
	if runtime.GOOS == "js" {
		return // the test binary runs inside node; it cannot start another
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is missing")
		}
		t.Skip("no node")
	}
	f := filepath.Join(t.TempDir(), "protocol.js")
	if err := os.WriteFile(f, []byte("globalThis.self = globalThis;\n"+src+
		"console.log(self.goroutinePlaygroundProtocol.end + ' ' + self.goroutinePlaygroundProtocol.beatEvery);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, f).CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "end 40" {
		t.Errorf("node protocol.js: %q, %v; want %q", got, err, "end 40")
	}
}
