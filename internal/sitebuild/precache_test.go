package sitebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPrecache lists a site for its service worker: each file once, with
// its hash, the engine and the toolchain lazy, and no compressed copies,
// hidden files or the worker's own; a changed file changes the version.
func TestPrecache(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                            "<!doctype html>",
		"index.html.gz":                         "a copy",
		"app.js":                                "app",
		"app.js.br":                             "a copy",
		"main.wasm":                             "view",
		EngineName:                              "engine",
		WorkerName:                              "the worker itself",
		PrecacheName:                            "an old list",
		".hidden":                               "never",
		"sub/page.html":                         "sub",
		"notes.gz":                              "a file of the site whose original is not there",
		"toolchain/manifest.json":               "{}",
		"toolchain/a/fmt.0123456789abcdef.a":    "archive",
		"toolchain/a/fmt.0123456789abcdef.a.br": "a copy of an archive",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WritePrecache(dir); err != nil {
		t.Fatal(err)
	}
	p := readPrecache(t, dir)
	want := []PrecacheFile{
		{Path: "app.js"},
		{Path: EngineName, Lazy: true},
		{Path: "index.html"},
		{Path: "main.wasm"},
		{Path: "notes.gz", Lazy: true},
		{Path: "sub/page.html", Lazy: true},
		{Path: "toolchain/a/fmt.0123456789abcdef.a", Lazy: true},
		{Path: "toolchain/manifest.json", Lazy: true},
	}
	for i := range want {
		sum := sha256.Sum256([]byte(files[want[i].Path]))
		want[i].SHA256 = hex.EncodeToString(sum[:8])
	}
	if !slices.Equal(p.Files, want) {
		t.Errorf("got %+v\nwant %+v", p.Files, want)
	}
	if len(p.Version) != 16 {
		t.Errorf("version %q; want 16 hex digits", p.Version)
	}

	// The same site, the same version; one byte more, another.
	if err := WritePrecache(dir); err != nil {
		t.Fatal(err)
	}
	if again := readPrecache(t, dir); again.Version != p.Version {
		t.Errorf("the same files: version %q, then %q; want the same", p.Version, again.Version)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.wasm"), []byte("view!"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WritePrecache(dir); err != nil {
		t.Fatal(err)
	}
	if changed := readPrecache(t, dir); changed.Version == p.Version {
		t.Errorf("main.wasm changed, the version stayed %q", p.Version)
	}
}

// readPrecache reads dir/precache.js back.
func readPrecache(t *testing.T, dir string) Precache {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, PrecacheName))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	prefix := "self." + PrecacheGlobal + " = "
	i := strings.Index(text, prefix)
	if i < 0 || !strings.HasSuffix(text, ";\n") {
		t.Fatalf("precache.js does not set %s: %q", PrecacheGlobal, text)
	}
	var p Precache
	if err := json.Unmarshal([]byte(strings.TrimSuffix(text[i+len(prefix):], ";\n")), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFirstLoad checks that the files the service worker keeps at once are
// the ones the page loads first: site/index.html names each of them but
// main.wasm, which app.js (named there) fetches, and index.html preloads.
func TestFirstLoad(t *testing.T) {
	html, err := os.ReadFile(filepath.Join("..", "..", "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range FirstLoad {
		if name == "index.html" {
			continue
		}
		if !strings.Contains(string(html), `"`+name+`"`) {
			t.Errorf("site/index.html does not load %s, which FirstLoad lists", name)
		}
	}
	for _, ref := range []string{`src="`, `href="`} {
		for _, part := range strings.Split(string(html), ref)[1:] {
			name, _, _ := strings.Cut(part, `"`)
			if !strings.Contains(name, ":") && !strings.HasPrefix(name, "#") && !slices.Contains(FirstLoad, name) {
				t.Errorf("site/index.html loads %s, which FirstLoad does not list", name)
			}
		}
	}
}

// TestPrecacheNamesTheWorker keeps sw.js and this package in step: the
// worker reads the list under PrecacheGlobal from PrecacheName.
func TestPrecacheNamesTheWorker(t *testing.T) {
	sw, err := os.ReadFile(filepath.Join("..", "..", "site", WorkerName))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`importScripts("` + PrecacheName + `")`, "self." + PrecacheGlobal} {
		if !strings.Contains(string(sw), want) {
			t.Errorf("site/%s does not say %s", WorkerName, want)
		}
	}
}

// TestPrecacheKnownSums: a file whose hash the build knows already (the
// toolchain's, from their names) is listed with it and not read; the
// others are hashed.
func TestPrecacheKnownSums(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"index.html": "page", "toolchain/a/fmt.0123456789abcdef.a": "archive"} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A sum that is not the file's shows that the file was not read.
	if err := writePrecache(dir, map[string]string{"toolchain/a/fmt.0123456789abcdef.a": "0123456789abcdef"}); err != nil {
		t.Fatal(err)
	}
	page := sha256.Sum256([]byte("page"))
	want := []PrecacheFile{
		{Path: "index.html", SHA256: hex.EncodeToString(page[:8])},
		{Path: "toolchain/a/fmt.0123456789abcdef.a", SHA256: "0123456789abcdef", Lazy: true},
	}
	if got := readPrecache(t, dir).Files; !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
