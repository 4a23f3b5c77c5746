package sitebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goroutine-playground/playground/internal/compress"
)

// Names of the service worker's files: its script, a static file of the
// site (site/sw.js), and the list of the files it keeps, which the build
// writes.
const (
	WorkerName   = "sw.js"
	PrecacheName = "precache.js"
)

// PrecacheGlobal is the name under which precache.js hands sw.js the list.
const PrecacheGlobal = "goroutinePlaygroundPrecache"

// Precache is what precache.js says: the site's files, each with the
// SHA-256 of its content, and a version that changes whenever one of them
// does. sw.js keeps each file under its hash, so a new build replaces
// exactly the files that changed.
type Precache struct {
	Version string         `json:"version"`
	Files   []PrecacheFile `json:"files"`
}

// PrecacheFile is one file of the site.
type PrecacheFile struct {
	Path string `json:"path"` // slash-separated, relative to the site's folder
	// SHA256 is the first 8 bytes of the SHA-256 of its content, in hex:
	// the part the toolchain's content-hashed names carry, and plenty to
	// tell two builds' files apart.
	SHA256 string `json:"sha256"`
	// Lazy files are kept once the page has fetched them, not when the
	// service worker installs: all but the page's first load ([FirstLoad]),
	// such as the engine (fetched with the page's first worker) and the
	// toolchain (fetched on the first edit), which a reader who only reads
	// never needs. A build replaces a lazy file at install only if the
	// reader had the one it replaces.
	Lazy bool `json:"lazy"`
}

// FirstLoad lists the files the playground's first load fetches:
// index.html and what it loads before the view is ready. The service
// worker keeps these when it installs, from the HTTP cache that the load
// has just filled (a revalidation each, no download); the rest it keeps
// once fetched.
var FirstLoad = []string{"index.html", "style.css", WasmExecName, ProtocolName, "app.js", WasmName}

// lazy says whether the file at the slash-separated path rel is kept only
// once fetched (see PrecacheFile.Lazy).
func lazy(rel string) bool {
	return !slices.Contains(FirstLoad, rel)
}

// WritePrecache writes dir/precache.js, the list of the files of the site
// in dir for its service worker: every file but the compressed copies (X.gz
// and X.br beside a file X), hidden files and the service worker's own two. Build calls it last; a
// site changed by hand needs it again.
func WritePrecache(dir string) error { return writePrecache(dir, nil) }

// writePrecache is WritePrecache, with the hashes of some files known
// already (sums, by their slash-separated path in dir).
func writePrecache(dir string, sums map[string]string) error {
	p, err := listPrecache(dir, sums)
	if err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	js := "// Written by the site build (internal/sitebuild): the files of this build\n" +
		"// of the site with their SHA-256, for the service worker (sw.js).\n" +
		"self." + PrecacheGlobal + " = " + string(data) + ";\n"
	if err := compress.WriteFile(filepath.Join(dir, PrecacheName), []byte(js), 0o644); err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	return nil
}

// listPrecache lists the files of the site in dir as WritePrecache does,
// hashing those whose hash sums does not hold.
func listPrecache(dir string, sums map[string]string) (*Precache, error) {
	p := &Precache{}
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && strings.HasPrefix(path.Base(rel), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || rel == WorkerName || rel == PrecacheName || copyOf(name) {
			return nil
		}
		sum, ok := sums[rel]
		if !ok {
			if sum, err = hashFile(name); err != nil {
				return err
			}
		}
		p.Files = append(p.Files, PrecacheFile{Path: rel, SHA256: sum, Lazy: lazy(rel)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitebuild: listing the site for its service worker: %w", err)
	}
	slices.SortFunc(p.Files, func(a, b PrecacheFile) int { return strings.Compare(a.Path, b.Path) })
	h := sha256.New()
	for _, f := range p.Files {
		fmt.Fprintf(h, "%s %s %t\n", f.Path, f.SHA256, f.Lazy)
	}
	p.Version = hex.EncodeToString(h.Sum(nil))[:16]
	return p, nil
}

// isCopy reports whether the slash-separated name is a compressed copy
// that Build writes beside a file.
func isCopy(rel string) bool {
	for _, c := range codecs {
		if base, ok := strings.CutSuffix(rel, c.suffix); ok && compressible(base) {
			return true
		}
	}
	return false
}

// copyOf reports whether the file name is a compressed copy of a file
// beside it: Build's, or the toolchain's (whose archives are .a).
func copyOf(name string) bool {
	for _, c := range codecs {
		if base, ok := strings.CutSuffix(name, c.suffix); ok {
			if info, err := os.Stat(base); err == nil && info.Mode().IsRegular() {
				return true
			}
		}
	}
	return false
}

func hashFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
