package sitebuild

import (
	"github.com/goroutine-playground/playground/internal/compress"

	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// copyTree copies the regular files of src into dst, keeping their times so
// that Last-Modified stays put across rebuilds. It leaves out hidden names and
// the outputs Build makes itself.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() && filepath.ToSlash(rel) == ToolchainDir {
			return filepath.SkipDir // an output of a build in place, not a source
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular(), isOutput(rel):
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := compress.WriteFile(target, data, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
}

// isOutput reports whether the slash- or OS-separated relative name is one
// Build writes itself.
func isOutput(rel string) bool {
	rel = filepath.ToSlash(rel)
	if rel == WasmName || rel == EngineName || rel == WasmExecName || rel == ProtocolName || rel == PrecacheName ||
		strings.HasPrefix(rel, ToolchainDir+"/") {
		return true
	}
	return isCopy(rel)
}
