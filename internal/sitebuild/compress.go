package sitebuild

import (
	"github.com/goroutine-playground/playground/internal/compress"

	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressibleExt lists the assets worth a compressed copy; images such as
// .png are compressed already.
var compressibleExt = []string{".wasm", ".js", ".css", ".html", ".svg", ".json"}

func compressible(name string) bool {
	return slices.Contains(compressibleExt, strings.ToLower(filepath.Ext(name)))
}

// codec is one content coding Build writes a copy in.
type codec struct {
	name   string
	suffix string
	encode func(w io.Writer, data []byte, best bool) error
}

var codecs = []codec{
	{name: "gz", suffix: ".gz", encode: compress.Gzip},
	{name: "br", suffix: ".br", encode: encodeBrotli},
}

func encodeBrotli(w io.Writer, data []byte, best bool) error {
	if best {
		return compress.Brotli(w, data, brotli.BestCompression, compress.BrotliWindow)
	}
	return compress.Brotli(w, data, brotli.BestSpeed, 0)
}

// level is the compression choice of Options.
type level struct{ best bool }

func (o Options) level() level { return level{best: !o.Fast} }

// assetStat reports what precompress did with one asset.
type assetStat struct {
	name  string
	size  int
	sizes map[string]int // by codec name; absent when it did not help
}

func (s assetStat) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %9d", s.name, s.size)
	for _, c := range codecs {
		if n, ok := s.sizes[c.name]; ok {
			fmt.Fprintf(&b, "  %s %9d (%4.1f%%)", c.name, n, 100*float64(n)/float64(max(s.size, 1)))
		} else {
			fmt.Fprintf(&b, "  %s %9s", c.name, "-")
		}
	}
	return b.String()
}

// precompress writes the compressed copies of every compressible file under
// dir, in parallel, and removes copies that are stale or orphaned.
func precompress(ctx context.Context, dir string, lv level) ([]assetStat, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		// The toolchain's files have their copies already, made once:
		// compressing 200 MB afresh on every build is what it avoids.
		if d.IsDir() && p == filepath.Join(dir, ToolchainDir) {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if compressible(p) {
			names = append(names, p)
			return nil
		}
		for _, c := range codecs {
			if base, ok := strings.CutSuffix(p, c.suffix); ok && compressible(base) {
				if _, err := os.Stat(base); os.IsNotExist(err) {
					if err := os.Remove(p); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	stats := make([]assetStat, len(names))
	errs := make([]error, len(names))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				stats[i], errs[i] = compressFile(dir, names[i], lv)
			}
		})
	}
feed:
	for i := range names {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return stats, nil
}

// compressFile writes name.gz and name.br, or removes them where compression
// does not make the file smaller. It always compresses afresh: a copy left by
// an earlier build may hold the same bytes at a weaker level (Options.Fast).
func compressFile(dir, name string, lv level) (assetStat, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return assetStat{}, err
	}
	rel, _ := filepath.Rel(dir, name)
	st := assetStat{name: filepath.ToSlash(rel), size: len(data), sizes: map[string]int{}}
	for _, c := range codecs {
		n, err := compress.WriteCopy(name+c.suffix, data, func(w io.Writer, data []byte) error {
			if err := c.encode(w, data, lv.best); err != nil {
				return fmt.Errorf("%s %s: %w", c.name, rel, err)
			}
			return nil
		})
		if err != nil {
			return st, err
		}
		if n > 0 {
			st.sizes[c.name] = n
		}
	}
	return st, nil
}
