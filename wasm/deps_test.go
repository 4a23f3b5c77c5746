//go:build !js

package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestViewLinksNoEngine checks what the page's two binaries import. The
// view (main.wasm) is on every first load: the programs, the engine, pickle
// and gopickle (whose package initialiser alone links its unpickler and
// math/big) and the execution tracer's parser belong in engine.wasm, which
// the page fetches when it first needs a worker.
func TestViewLinksNoEngine(t *testing.T) {
	const mod = "github.com/goroutine-playground/playground/"
	tests := []struct {
		name    string
		pkg     string
		without []string
		with    []string
	}{
		{name: "the view", pkg: ".",
			without: []string{mod + "internal/examples/programs", mod + "internal/engine", mod + "internal/states",
				mod + "internal/pickle", "github.com/nlpodyssey/gopickle/pickle", "golang.org/x/exp/trace", "math/big", "encoding/json"},
			with: []string{mod + "internal/examples", mod + "internal/page"}},
		{name: "the engine", pkg: "./engine",
			with: []string{mod + "internal/examples/programs", mod + "internal/engine", mod + "internal/states", mod + "internal/pickle"}},
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", tt.pkg)
			cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list: %v", err)
			}
			deps := strings.Fields(string(out))
			for _, p := range tt.without {
				if slices.Contains(deps, p) {
					t.Errorf("%s imports %s", tt.pkg, p)
				}
			}
			for _, p := range tt.with {
				if !slices.Contains(deps, p) {
					t.Errorf("%s does not import %s", tt.pkg, p)
				}
			}
		})
	}
}
