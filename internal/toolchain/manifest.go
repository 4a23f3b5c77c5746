package toolchain

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
)

// ManifestName is the manifest's file name in the toolchain folder. It is
// the one name there without a content hash: the worker fetches it first
// and finds every other file through it.
const ManifestName = "manifest.json"

// ManifestVersion is the version of the manifest's form.
const ManifestVersion = 1

// Manifest lists what the toolchain folder holds: the tools, the driver,
// an archive per package and the packages shipped as source. It is written
// by the site build (internal/toolchain/bundle) and read by the driver in
// the toolchain worker.
type Manifest struct {
	Version  int       `json:"version"`
	Go       string    `json:"go"`   // the Go release of every file here, as -goversion takes it: "go1.26.8"
	Lang     string    `json:"lang"` // the language version of plain programs: "go1.26"
	Fast     bool      `json:"fast,omitempty"`
	Driver   Asset     `json:"driver"`  // build.wasm, the worker's Go side
	Compile  Asset     `json:"compile"` // cmd/compile for js/wasm
	Link     Asset     `json:"link"`    // cmd/link for js/wasm
	Packages []Package `json:"packages"`
	Sources  []Sources `json:"sources,omitempty"`
	index    map[string]int
}

// Asset is one file of the folder: its name relative to the folder
// (content-hashed, so that it can be cached for good), its size, and the
// sizes of its gzip and brotli copies (0 when there is none).
type Asset struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	Gzip   int64  `json:"gz,omitempty"`
	Brotli int64  `json:"br,omitempty"`
}

// Sum returns the content hash the asset's name carries: the bundle names
// each file BASE.SUM.EXT, SUM the first 8 bytes of its SHA-256 in hex. It
// returns "" for a name without one.
func (a Asset) Sum() string {
	sum := path.Ext(strings.TrimSuffix(a.Name, path.Ext(a.Name)))
	if len(sum) != 17 || strings.Trim(sum[1:], "0123456789abcdef") != "" {
		return ""
	}
	return sum[1:]
}

// Assets returns every file of the folder the manifest lists: the tools,
// the driver, the archives and the sources.
func (m *Manifest) Assets() []Asset {
	all := []Asset{m.Driver, m.Compile, m.Link}
	for _, p := range m.Packages {
		all = append(all, p.Asset)
	}
	for _, s := range m.Sources {
		all = append(all, s.Asset)
	}
	return all
}

// Package is one compiled package: its archive for js/wasm and its direct
// imports, resolved as the linker sees them (vendor/... in full).
type Package struct {
	Path    string   `json:"path"`
	Asset   Asset    `json:"asset"`
	Imports []string `json:"imports,omitempty"`
}

// Sources is a package shipped as source so that the worker can compile it
// with some of its files edited: the built-in programs' package.
type Sources struct {
	Path    string   `json:"path"` // import path
	Name    string   `json:"name"` // package name
	Lang    string   `json:"lang"` // its module's language version: "go1.26"
	Asset   Asset    `json:"asset"`
	Files   []string `json:"files"`   // its Go files, in the order the go command compiles them
	Imports []string `json:"imports"` // of the files as shipped
	// Embed maps each //go:embed pattern to the files it matches, as the
	// compiler's -embedcfg takes them.
	Embed map[string][]string `json:"embed,omitempty"`
	// Decls holds each Go file's declarations, uses and imports (see
	// [ScanSources]): with them an edited program is compiled with only the
	// files it needs, without these files being parsed in the worker.
	Decls map[string]FileDecls `json:"decls,omitempty"`
}

// ParseManifest decodes and checks a manifest.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("toolchain: manifest: %w", err)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check reports what is wrong with m: a version this code does not read,
// an asset name that is not a plain relative name (the driver turns them
// into paths and URLs), a package listed twice or an import of a package it
// does not list.
func (m *Manifest) Check() error {
	if m.Version != ManifestVersion {
		return fmt.Errorf("toolchain: manifest version %d, want %d", m.Version, ManifestVersion)
	}
	if !strings.HasPrefix(m.Go, "go") || !strings.HasPrefix(m.Lang, "go") {
		return fmt.Errorf("toolchain: manifest: Go %q and Lang %q must be versions such as go1.26.8 and go1.26", m.Go, m.Lang)
	}
	var errs []error
	assets := []Asset{m.Driver, m.Compile, m.Link}
	m.index = make(map[string]int, len(m.Packages))
	for i, p := range m.Packages {
		if _, dup := m.index[p.Path]; dup || p.Path == "" {
			errs = append(errs, fmt.Errorf("package %q listed twice or unnamed", p.Path))
		}
		m.index[p.Path] = i
		assets = append(assets, p.Asset)
	}
	for _, p := range m.Packages {
		for _, imp := range p.Imports {
			if _, ok := m.index[imp]; !ok {
				errs = append(errs, fmt.Errorf("package %s imports %s, which is not listed", p.Path, imp))
			}
		}
	}
	for _, s := range m.Sources {
		assets = append(assets, s.Asset)
		for _, f := range s.Files {
			if !validFileName(f) {
				errs = append(errs, fmt.Errorf("sources of %s: bad file name %q", s.Path, f))
			}
		}
	}
	for _, a := range assets {
		if !validAssetName(a.Name) || a.Size < 0 {
			errs = append(errs, fmt.Errorf("bad asset %q", a.Name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("toolchain: manifest: %w", err)
	}
	return nil
}

// validAssetName accepts names such as "a/fmt.0123abcd.a": clean, relative,
// of letters, digits and . _ - / only.
func validAssetName(name string) bool {
	if name == "" || path.Clean(name) != name || strings.HasPrefix(name, "/") || strings.HasPrefix(name, ".") {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-/", c)) {
			return false
		}
	}
	return !strings.Contains(name, "/.")
}

// Package returns the package with import path p.
func (m *Manifest) Package(p string) (*Package, bool) {
	if m.index == nil {
		m.index = make(map[string]int, len(m.Packages))
		for i, pkg := range m.Packages {
			m.index[pkg.Path] = i
		}
	}
	i, ok := m.index[p]
	if !ok {
		return nil, false
	}
	return &m.Packages[i], true
}

// SourcesOf returns the package shipped as source with import path p.
func (m *Manifest) SourcesOf(p string) (*Sources, bool) {
	for i := range m.Sources {
		if m.Sources[i].Path == p {
			return &m.Sources[i], true
		}
	}
	return nil, false
}

// Closure returns the packages that roots import, directly or not, and the
// roots themselves, in a stable order (a package after what it imports). A
// root that the manifest does not list is an error.
func (m *Manifest) Closure(roots ...string) ([]*Package, error) {
	var out []*Package
	seen := map[string]bool{}
	var visit func(p string) error
	visit = func(p string) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		pkg, ok := m.Package(p)
		if !ok {
			return fmt.Errorf("toolchain: the manifest has no package %s", p)
		}
		for _, imp := range pkg.Imports {
			if err := visit(imp); err != nil {
				return err
			}
		}
		out = append(out, pkg)
		return nil
	}
	for _, r := range roots {
		if err := visit(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}
