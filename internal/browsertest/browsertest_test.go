//go:build !js

package browsertest

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goroutine-playground/playground/internal/page"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const fixture = "testdata/site"

// TestPage runs the harness against the fixture page, in one browser with a
// tab per case, as a page test with many cases would.
func TestPage(t *testing.T) {
	base := Serve(t, fixture)
	browser := New(t)
	// open gives the case a fresh tab on the fixture page, ready.
	open := func(t *testing.T) *Browser {
		t.Helper()
		b := browser.Tab(t)
		b.Navigate(base + "/")
		b.WaitState(10*time.Second, page.Ready)
		return b
	}
	for _, tc := range []struct {
		name string
		f    func(t *testing.T, b *Browser)
	}{
		{"RunToDone", testRunToDone},
		{"StatesWithinOneTask", testStatesWithinOneTask},
		{"Errors", testErrors},
		{"Screenshots", testScreenshots},
		{"Eval", testEval},
		{"WaitStateTimeout", testWaitStateTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.f(t, open(t)) })
	}
	t.Run("NavigateFragment", func(t *testing.T) { testNavigateFragment(t, browser.Tab(t), base) })
}

func testRunToDone(t *testing.T, b *Browser) {
	if got := b.Output(); got == nil || len(got) != 0 {
		t.Errorf("Output before the run: got %#v; want an empty slice", got)
	}
	b.Click(page.Run.Selector())
	if got := b.WaitState(10*time.Second, page.Done, page.Failed); got != page.Done {
		t.Errorf("WaitState: got %q; want %q", got, page.Done)
	}
	want := []Line{
		{Goroutine: "main", Text: "hello from main"},
		{Goroutine: "worker-1", Text: "<b>not bold</b> & <script>not run</script>"},
	}
	if got := b.Output(); !slices.Equal(got, want) {
		t.Errorf("Output: got %q; want %q", got, want)
	}
	// The markup is text: no element was made from it.
	if n := Eval[int](b, `document.querySelectorAll("#output b, #output script").length`); n != 0 {
		t.Errorf("elements made from output text: got %d; want 0", n)
	}
	if got, want := b.States(), []page.State{page.Loading, page.Ready, page.Running, page.Done}; !slices.Equal(got, want) {
		t.Errorf("States: got %q; want %q", got, want)
	}
	if got, want := b.Text(page.Run.Selector()), "Run"; got != want {
		t.Errorf("Text(#run): got %q; want %q", got, want)
	}
	b.CheckNoErrors()
}

// testStatesWithinOneTask shows that States sees a run that starts and ends
// in one task, which no polling can.
func testStatesWithinOneTask(t *testing.T, b *Browser) {
	b.Click("#quick")
	b.WaitState(5*time.Second, page.Done)
	if got, want := b.States(), []page.State{page.Loading, page.Ready, page.Running, page.Done}; !slices.Equal(got, want) {
		t.Errorf("States: got %q; want %q", got, want)
	}
}

func testErrors(t *testing.T, b *Browser) {
	b.CheckNoErrors()
	b.Click("#boom")
	want := []string{"fixture console error", "Go program has already exited", "fixture rejection"}
	deadline := time.Now().Add(10 * time.Second)
	for {
		errs := strings.Join(b.Errors(), "\n")
		missing := slices.DeleteFunc(slices.Clone(want), func(w string) bool { return strings.Contains(errs, w) })
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Errors: missing %q; got:\n%s", missing, errs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var logged bool
	for _, m := range b.Console() {
		if m.Text == "fixture loaded" {
			logged = true
		}
		if isError(m) && m.Text == "fixture loaded" {
			t.Errorf("console.log counted as an error: %v", m)
		}
	}
	if !logged {
		t.Errorf("Console lacks the page's console.log line")
	}
}

func TestIsErrorGoCrash(t *testing.T) {
	b := &Browser{}
	for _, tt := range []struct {
		desc, text string
		want       bool
	}{
		{"panic", "panic: runtime error: index out of range", true},
		{"deadlock", "fatal error: all goroutines are asleep - deadlock!", true},
		{"exit", "exit code: 2", true},
		{"ordinary line", "worker 3 says panic: not really at start", false},
	} {
		b.console = append(b.console[:0], consoleLog(tt.text))
		if got := len(b.Errors()) == 1; got != tt.want {
			t.Errorf("%s: error got %v; want %v", tt.desc, got, tt.want)
		}
	}
}

func testScreenshots(t *testing.T, b *Browser) {
	tests := []struct {
		desc          string
		width         int // 0: leave the viewport as it is
		scheme        string
		wantWidth     int
		wantMinHeight int
		wantCorner    color.Gray
	}{
		{"default viewport", 0, "", 0, 1500, color.Gray{Y: 255}},
		{"phone width", 360, "", 360, 1500, color.Gray{Y: 255}},
		{"dark", 360, "dark", 360, 1500, color.Gray{Y: 0}},
		{"light again", 360, "light", 360, 1500, color.Gray{Y: 255}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if tt.width != 0 {
				b.SetViewport(tt.width, 640)
			}
			b.ColorScheme(tt.scheme)
			img, err := png.Decode(bytes.NewReader(b.Screenshot()))
			if err != nil {
				t.Fatalf("decoding the screenshot: %v", err)
			}
			size := img.Bounds().Size()
			if tt.wantWidth != 0 && size.X != tt.wantWidth {
				t.Errorf("width: got %d; want %d", size.X, tt.wantWidth)
			}
			if size.Y < tt.wantMinHeight {
				t.Errorf("height: got %d; want the whole page, at least %d", size.Y, tt.wantMinHeight)
			}
			// Bottom left: below the buttons, inside the tall block.
			corner := color.GrayModel.Convert(img.At(2, size.Y-3)).(color.Gray)
			if corner != tt.wantCorner {
				t.Errorf("background: got %v; want %v", corner, tt.wantCorner)
			}
		})
	}
}

// testNavigateFragment checks that opening a URL that differs only in its
// fragment loads the page afresh, as a person pasting the link would get.
func testNavigateFragment(t *testing.T, b *Browser, base string) {
	b.Navigate(base + "/#example=pool&clients=5")
	b.WaitState(10*time.Second, page.Ready)
	b.Click(page.Run.Selector())
	b.WaitState(10*time.Second, page.Done)
	b.Navigate(base + "/#example=pool&clients=7")
	if got, want := Eval[string](b, "location.hash"), "#example=pool&clients=7"; got != want {
		t.Errorf("hash: got %q; want %q", got, want)
	}
	if got := b.States(); len(got) == 0 || got[0] != page.Loading || slices.Contains(got, page.Done) {
		t.Errorf("States after reopening: got %q; want a fresh page from loading", got)
	}
	if n := len(b.Output()); n != 0 {
		t.Errorf("Output after reopening: got %d lines; want 0", n)
	}
}

func testEval(t *testing.T, b *Browser) {
	if got := Eval[int](b, "1 + 2"); got != 3 {
		t.Errorf("Eval 1 + 2: got %d; want 3", got)
	}
	if got := Eval[string](b, `new Promise((ok) => setTimeout(() => ok("later"), 10))`); got != "later" {
		t.Errorf("Eval of a promise: got %q; want %q", got, "later")
	}
	if got := Eval[[]Line](b, `[{goroutine: "g", text: "t"}]`); !slices.Equal(got, []Line{{Goroutine: "g", Text: "t"}}) {
		t.Errorf("Eval into []Line: got %q", got)
	}
}

func testWaitStateTimeout(t *testing.T, b *Browser) {
	_, err := b.waitState(300*time.Millisecond, page.Failed) // the fixture never fails
	if err == nil || !strings.Contains(err.Error(), `still "ready"`) {
		t.Errorf("waitState for a state that never comes: got %v; want an error naming the state \"ready\"", err)
	}
	if d := b.describe(); !strings.Contains(d, `data-state: "ready"`) {
		t.Errorf("describe does not show the state:\n%s", d)
	}
}

func TestServe(t *testing.T) {
	base := Serve(t, fixture)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, "/") {
		t.Fatalf("Serve: got %q; want http://127.0.0.1:PORT", base)
	}
	res, err := http.Get(base + "/fixture.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if got, want := res.Header.Get("Content-Type"), "text/javascript; charset=utf-8"; got != want {
		t.Errorf("Content-Type: got %q; want %q", got, want)
	}
	if want, _ := os.ReadFile(fixture + "/fixture.js"); !bytes.Equal(body, want) {
		t.Errorf("body differs from the fixture file")
	}
}

// fakeTB records Skip and Fatal instead of ending the test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }

func TestMissingBrowser(t *testing.T) {
	err := checkChromium("/nonexistent/chromium")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/chromium") {
		t.Fatalf("checkChromium of a missing path: got %v; want an error naming it", err)
	}
	if err := checkChromium(t.TempDir()); err == nil {
		t.Errorf("checkChromium of a folder: got nil; want an error")
	}
	for _, tt := range []struct {
		ci           string
		skip, failed bool
	}{{"", true, false}, {"false", true, false}, {"true", false, true}} {
		t.Setenv("CI", tt.ci)
		var f fakeTB
		missingBrowser(&f, err)
		if (f.skipped != "") != tt.skip || (f.failed != "") != tt.failed {
			t.Errorf("CI=%q: skipped %q, failed %q; want skip %v, fail %v", tt.ci, f.skipped, f.failed, tt.skip, tt.failed)
		}
	}
	t.Setenv("CHROMIUM", "/opt/other/chromium")
	if got := Chromium(); got != "/opt/other/chromium" {
		t.Errorf("Chromium with CHROMIUM set: got %q", got)
	}
}
