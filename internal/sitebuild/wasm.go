package sitebuild

import (
	"github.com/goroutine-playground/playground/internal/compress"

	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BuildWasm builds the main package pkg for GOOS=js GOARCH=wasm to the file
// out, with -trimpath and -ldflags=-s -w followed by flags. The benchmark
// builds its hello-world baseline through it so both binaries get the same
// flags. It runs the go command found on PATH, in the current directory.
func BuildWasm(ctx context.Context, pkg, out string, flags ...string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp")
	defer os.Remove(tmp)

	args := append([]string{"build", "-trimpath", "-ldflags=-s -w"}, flags...)
	args = append(args, "-o", tmp, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("sitebuild: GOOS=js GOARCH=wasm go %s: %w\n%s",
			strings.Join(args, " "), err, strings.TrimSpace(output.String()))
	}
	if _, err := os.Stat(tmp); err != nil {
		return fmt.Errorf("sitebuild: building %s: %w", pkg, errNotBuilt)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	return nil
}

// copyWasmExec copies the wasm_exec.js of the toolchain that BuildWasm used:
// the glue and the binary must come from the same Go release.
func copyWasmExec(ctx context.Context, dst string) error {
	goroot, err := goEnv(ctx, "GOROOT")
	if err != nil {
		return err
	}
	src := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("sitebuild: the toolchain's wasm_exec.js: %w", err)
	}
	if err := compress.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	return nil
}

// goEnv asks the go command on PATH for one variable.
func goEnv(ctx context.Context, name string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("sitebuild: go env %s: %w", name, err)
	}
	v := strings.TrimSpace(string(out))
	if v == "" {
		return "", fmt.Errorf("sitebuild: go env %s is empty", name)
	}
	return v, nil
}
