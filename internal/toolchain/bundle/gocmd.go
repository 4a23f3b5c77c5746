package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goroutine-playground/playground/internal/toolchain"
	"github.com/goroutine-playground/playground/internal/toolchain/policy"
)

// goCmd runs the go command on PATH for GOOS=js GOARCH=wasm and returns
// its standard output.
func goCmd(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("bundle: GOOS=js GOARCH=wasm go %s: %w\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func goEnv(ctx context.Context, name string) (string, error) {
	out, err := goCmd(ctx, "env", name)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// toolFiles are the three binaries buildTools leaves in the cache.
type toolFiles struct{ compile, link, driver string }

// buildTools builds the compiler, the linker and the driver for js/wasm
// into dir, with the flags that build the page. The go command does not
// rewrite a binary that is up to date.
func buildTools(ctx context.Context, dir string, logf func(string, ...any)) (toolFiles, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return toolFiles{}, err
	}
	t := toolFiles{
		compile: filepath.Join(dir, "compile.wasm"),
		link:    filepath.Join(dir, "link.wasm"),
		driver:  filepath.Join(dir, "build.wasm"),
	}
	for _, b := range []struct{ pkg, out string }{{"cmd/compile", t.compile}, {"cmd/link", t.link}, {Driver, t.driver}} {
		if _, err := goCmd(ctx, "build", "-trimpath", "-ldflags=-s -w", "-o", b.out, b.pkg); err != nil {
			return toolFiles{}, err
		}
	}
	logf("built compile, link and the driver in %s", dir)
	return t, nil
}

// listed is the part of `go list -json` this package reads.
type listed struct {
	ImportPath    string
	Name          string
	Dir           string
	Export        string
	GoFiles       []string
	Imports       []string
	Deps          []string
	EmbedPatterns []string
	EmbedFiles    []string
	Module        *struct{ GoVersion string }
	Error         *struct{ Err string }
}

// list runs go list with -json and the given flags and decodes its output.
func list(ctx context.Context, args ...string) ([]listed, error) {
	out, err := goCmd(ctx, append([]string{"list"}, args...)...)
	if err != nil {
		return nil, err
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("bundle: reading go list's output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// listPackages lists the packages to ship and everything they import, with
// their archives: the standard library's (opts.Std), the module's
// (opts.Module, those that exist) and extra, which the reach check leaves
// alone (the imports of the packages shipped as source: ours, not a
// program's).
func listPackages(ctx context.Context, opts Options, extra []string, logf func(string, ...any)) ([]listed, error) {
	roots := slices.Clone(opts.Std)
	if opts.Std == nil {
		std, err := list(ctx, "-e", "-json=ImportPath,GoFiles,Error", "std")
		if err != nil {
			return nil, err
		}
		for _, p := range std {
			if v, _ := policy.Check(p.ImportPath); v == policy.Allowed && p.Error == nil && len(p.GoFiles) > 0 {
				roots = append(roots, p.ImportPath)
			}
		}
	}
	mod, err := list(ctx, append([]string{"-e", "-json=ImportPath,Error"}, opts.Module...)...)
	if err != nil {
		return nil, err
	}
	for _, p := range mod {
		if p.Error != nil {
			why, _, _ := strings.Cut(firstLine(p.Error.Err), ";")
			logf("%s is left out: %s", p.ImportPath, why)
			continue
		}
		roots = append(roots, p.ImportPath)
	}
	all := slices.Clone(roots)
	for _, p := range extra {
		if !slices.Contains(all, p) && p != "C" {
			all = append(all, p)
		}
	}
	pkgs, err := list(ctx, append([]string{"-export", "-trimpath", "-deps", "-json=ImportPath,Export,Imports,Deps,Error"}, all...)...)
	if err != nil {
		return nil, err
	}
	if err := checkReach(pkgs, roots); err != nil {
		return nil, err
	}
	have := map[string]bool{}
	var out []listed
	for _, p := range pkgs {
		if p.Error != nil {
			return nil, fmt.Errorf("bundle: %s: %s", p.ImportPath, p.Error.Err)
		}
		if p.Export == "" {
			continue // unsafe: the compiler knows it without an archive
		}
		have[p.ImportPath] = true
		out = append(out, p)
	}
	for i := range out {
		out[i].Imports = slices.DeleteFunc(slices.Clone(out[i].Imports), func(imp string) bool { return !have[imp] })
	}
	slices.SortFunc(out, func(a, b listed) int { return strings.Compare(a.ImportPath, b.ImportPath) })
	return out, nil
}

// checkReach refuses to ship an allowed package that imports, directly or
// not, a capability the policy keeps from programs (net/http): a program
// could reach it through that package. A new Go release that adds such a
// package makes the site build fail here until a rule refuses it too.
func checkReach(pkgs []listed, roots []string) error {
	byPath := map[string]listed{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	var errs []error
	for _, r := range roots {
		if v, _ := policy.Check(r); v != policy.Allowed {
			continue
		}
		for _, dep := range byPath[r].Deps {
			for _, rule := range policy.Rules {
				if rule.Reach && rule.Match(dep) {
					errs = append(errs, fmt.Errorf("%s imports %s, which the policy refuses (%s): add a rule that refuses %s", r, dep, rule.Why, r))
				}
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return nil
}

// sourceBundle is a package shipped as source: its manifest entry and the
// bundle of its files (a JSON object, file name → text).
type sourceBundle struct {
	toolchain.Sources
	bundle []byte
}

// listSources lists the packages shipped as source and bundles their files;
// lang is the language version of a package outside any module.
func listSources(ctx context.Context, paths []string, lang string) ([]sourceBundle, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	pkgs, err := list(ctx, append([]string{"-json=ImportPath,Name,Dir,GoFiles,Imports,EmbedPatterns,EmbedFiles,Module,Error"}, paths...)...)
	if err != nil {
		return nil, err
	}
	var out []sourceBundle
	for _, p := range pkgs {
		if p.Error != nil {
			return nil, fmt.Errorf("bundle: %s: %s", p.ImportPath, p.Error.Err)
		}
		files := map[string]string{}
		for _, name := range append(slices.Clone(p.GoFiles), p.EmbedFiles...) {
			data, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(name)))
			if err != nil {
				return nil, fmt.Errorf("bundle: %w", err)
			}
			files[name] = string(data)
		}
		data, err := json.Marshal(files)
		if err != nil {
			return nil, err
		}
		decls, err := toolchain.ScanSources(p.GoFiles, files)
		if err != nil {
			return nil, fmt.Errorf("bundle: %s: %w", p.ImportPath, err)
		}
		lang := lang
		if p.Module != nil && p.Module.GoVersion != "" {
			lang = langOf("go" + p.Module.GoVersion)
		}
		out = append(out, sourceBundle{
			Sources: toolchain.Sources{
				Path: p.ImportPath, Name: p.Name, Lang: lang,
				Files: p.GoFiles, Imports: p.Imports, Embed: embedMap(p.EmbedPatterns, p.EmbedFiles),
				Decls: decls,
			},
			bundle: data,
		})
	}
	return out, nil
}

// embedMap maps each //go:embed pattern to the embedded files it matches,
// as the compiler's -embedcfg wants them (go list gives both lists but not
// which pattern matched what). A pattern matches a file by path.Match, or
// every file under it when it names a folder.
func embedMap(patterns, files []string) map[string][]string {
	if len(patterns) == 0 {
		return nil
	}
	m := map[string][]string{}
	for _, pat := range patterns {
		clean := strings.TrimPrefix(pat, "all:")
		for _, f := range files {
			if ok, _ := path.Match(clean, f); ok || strings.HasPrefix(f, clean+"/") {
				m[pat] = append(m[pat], f)
			}
		}
	}
	return m
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
