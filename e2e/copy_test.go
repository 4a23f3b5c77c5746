package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/page"
)

// underSubpath serves the built site at /deep/sub/ of a host, as a static
// host serves a project page, and returns that address.
func underSubpath(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dst := filepath.Join(root, "deep", "sub")
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if os.Link(p, filepath.Join(dst, rel)) == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return browsertest.Serve(t, root) + "/deep/sub/"
}

// copied presses the button and returns what it offers to copy, once the
// page has said it copied it or selected it for copying by hand.
func (p *tab) copied(button, what string) string {
	p.t.Helper()
	eval[bool](p, `(document.getElementById("share-status").textContent = "", true)`)
	p.Click("#" + button)
	deadline := time.Now().Add(30 * time.Second)
	for {
		msg := p.Text("#share-status")
		if msg != "" {
			if msg != what+" copied." && !strings.HasPrefix(msg, what+" selected below") {
				p.t.Errorf("%s: status %q", button, msg)
			}
			break
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: no word in #share-status", button)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if eval[bool](p, `document.getElementById("share-text").hidden`) {
		p.t.Errorf("%s: the text field is hidden", button)
	}
	return eval[string](p, `document.getElementById("share-text").value`)
}

// TestCopyLink sets a program and knobs under a subpath of a host, copies
// the link, and opens it in a fresh load: the same program and knobs
// show. The embed code names the same, as text.
func TestCopyLink(t *testing.T) {
	p := open(t, "")
	p.base = strings.TrimSuffix(underSubpath(t), "/")
	p.load("#example=pool")
	p.setKnob("clients", "7")
	p.setKnob("workers", "3")
	p.setKnob("timescale", "20")

	link := p.copied("copy-link", "Link")
	want := p.base + "/#example=pool&clients=7&workers=3&timescale=20"
	if link != want {
		t.Errorf("link: got %q; want %q", link, want)
	}
	code := p.copied("copy-embed", "Embed code")
	wantCode := `<div data-goroutine-playground="pool" data-clients="7" data-workers="3" data-timescale="20"></div>` +
		"\n" + `<script src="` + p.base + `/embed.js"></script>`
	if code != wantCode {
		t.Errorf("embed code:\ngot  %s\nwant %s", code, wantCode)
	}
	if n := eval[int](p, `document.querySelectorAll(".share div, .share script").length`); n != 0 {
		t.Errorf("the embed code made %d elements; want it shown as text only", n)
	}
	p.CheckNoErrors()

	// A fresh load, at the program's defaults first, so nothing is left over.
	p.load("#example=join")
	p.Navigate(link)
	p.WaitState(3*time.Minute, page.Ready)
	for name, v := range map[string]string{"clients": "7", "workers": "3", "timescale": "20", "messages": "10"} {
		if got := p.knob(name); got != v {
			t.Errorf("opened link, knob %s: got %q; want %q", name, got, v)
		}
	}
	if got := eval[string](p, `document.querySelector("#programs a[aria-current]")?.dataset.example ?? ""`); got != "pool" {
		t.Errorf("opened link, selected program %q; want pool", got)
	}
	p.CheckNoErrors()
}
