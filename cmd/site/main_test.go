package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr strings.Builder
	args := []string{"-src", "testdata/site", "-o", out, "-pkg", "./testdata/hello", "-engine", "./testdata/hello", "-fast", "-toolchain=false", "--", "-tags=unused"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	for _, name := range []string{"index.html", "main.wasm", "main.wasm.gz", "main.wasm.br", "engine.wasm", "engine.wasm.br", "wasm_exec.js", "wasm_exec.js.br"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, want := range []string{"main.wasm", "engine.wasm", "built " + out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout does not mention %q:\n%s", want, stdout.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		desc string
		args []string
		want string
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined"},
		{"missing source", []string{"-src", filepath.Join(t.TempDir(), "nope"), "-pkg", "./testdata/hello"}, "source folder"},
		{"bad build flag", []string{"-src", "testdata/site", "-o", t.TempDir(), "-pkg", "./testdata/hello", "-toolchain=false", "--", "-bogus"}, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error: got %v; want one mentioning %q", err, tt.want)
			}
		})
	}
}
