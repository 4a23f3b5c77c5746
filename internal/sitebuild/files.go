package sitebuild

import (
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
		if err := writeFileAtomic(target, data, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
}

// isOutput reports whether the slash- or OS-separated relative name is one
// Build writes itself.
func isOutput(rel string) bool {
	rel = filepath.ToSlash(rel)
	if rel == WasmName || rel == WasmExecName || rel == ProtocolName || strings.HasPrefix(rel, ToolchainDir+"/") {
		return true
	}
	for _, c := range codecs {
		if base, ok := strings.CutSuffix(rel, c.suffix); ok && compressible(base) {
			return true
		}
	}
	return false
}

// writeFileAtomic writes data to a hidden temporary file beside name and
// renames it into place.
func writeFileAtomic(name string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
