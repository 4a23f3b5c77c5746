package e2e

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

var screenshots = flag.String("screenshots", "", "folder to write screenshot.png to, for the README (go test ./e2e -run Screenshot -args -screenshots ../docs)")

// TestScreenshot makes the README's picture of the page after running
// pool, when asked with -screenshots.
func TestScreenshot(t *testing.T) {
	if *screenshots == "" {
		t.Skip("no -screenshots folder")
	}
	p := open(t, "")
	p.SetViewport(1400, 1000)
	p.load("#example=pool&autorun=1")
	if got := p.WaitState(2*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("state: got %q; want done", got)
	}
	// The picture is of the first screen: the list, the lesson and source, the output.
	eval[bool](p, `(() => { `+chromium.ByID(page.Output)+`.scrollTop = 0; return true; })()`)
	paintAll(p)
	if err := os.WriteFile(filepath.Join(*screenshots, "screenshot.png"), p.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
}
