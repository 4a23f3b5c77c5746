package programs

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/runner"
)

// texts returns the text of each event.
func texts(evs []runner.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Text)
	}
	return out
}

// started returns the names of the goroutines the runner saw start.
func started(rec *events) []string {
	var names []string
	for _, e := range rec.of(runner.Start) {
		names = append(names, e.Who)
	}
	return names
}

func TestThreadStartsNothing(t *testing.T) {
	rec := mustRun(t, "thread", nil)
	if got := started(rec); !slices.Equal(got, []string{"main"}) {
		t.Errorf("goroutines started: %v; want only main", got)
	}
	if out := rec.output(""); len(out) != 2 || out[0].Who != "main" || out[1].Who != "main" {
		t.Errorf("output %v; want main's two lines", texts(out))
	}
	if rec.index(runner.Output, "", "Insert some thread stuff here.") >= 0 {
		t.Error("myThread's Run ran")
	}
}

func TestStartRunsItAndMainWaits(t *testing.T) {
	rec := mustRun(t, "start", nil)
	mine := texts(rec.output("myThread"))
	want := []string{"You called my start method, yeah.", "Were you expecting something amazing?"}
	if !slices.Equal(mine, want) {
		t.Errorf("myThread printed %q; want %q", mine, want)
	}
	last := rec.index(runner.Output, "myThread", want[1])
	finished := rec.index(runner.Output, "main", "It has finished")
	if last < 0 || finished < last || rec.index(runner.Exit, "main", "") < finished {
		t.Errorf("main did not wait: myThread's last line at %d, main's \"finished\" at %d\n%s", last, finished, dump(rec))
	}
}

var spokeRE = regexp.MustCompile(`^This is goroutine (\d+) speaking\.$`)
var countedRE = regexp.MustCompile(`^(\d+) goroutines added one each; (\d+) of the additions counted\.$`)

// spoken returns how many times each number was spoken, and the count that
// main reported at the end.
func spoken(t *testing.T, rec *events) (map[int]int, int) {
	t.Helper()
	times := map[int]int{}
	counted := -1
	for _, e := range rec.output("") {
		if m := spokeRE.FindStringSubmatch(e.Text); m != nil {
			n, _ := strconv.Atoi(m[1])
			times[n]++
		}
		if m := countedRE.FindStringSubmatch(e.Text); m != nil && e.Who == "main" {
			counted, _ = strconv.Atoi(m[2])
		}
	}
	return times, counted
}

func TestGroupWithTheMutex(t *testing.T) {
	for _, n := range []int{20, 100} {
		rec := mustRun(t, "group", map[string]string{"goroutines": strconv.Itoa(n)})
		times, counted := spoken(t, rec)
		if counted != n {
			t.Errorf("goroutines=%d: %d additions counted; want all", n, counted)
		}
		for i := 1; i <= n; i++ {
			if times[i] != 1 {
				t.Errorf("goroutines=%d: %d spoken %d times; want once", n, i, times[i])
			}
		}
		// Holding the lock across both lines keeps each speaker's pair
		// together.
		out := rec.output("speaker-")
		for i := 0; i+1 < len(out); i += 2 {
			if out[i].Who != out[i+1].Who || out[i+1].Text != "Hello and good bye." {
				t.Errorf("goroutines=%d: lines %d and %d are %s %q and %s %q; want one speaker's pair",
					n, i, i+1, out[i].Who, out[i].Text, out[i+1].Who, out[i+1].Text)
				break
			}
		}
	}
}

// TestGroupUnsafeLosesUpdates runs the racy counter in this process, which
// the race detector would (rightly) fail; TestGroupUnsafeIsARace covers
// that build.
func TestGroupUnsafeLosesUpdates(t *testing.T) {
	if raceEnabled {
		t.Skip("the unsafe counter is a data race by design; under -race TestGroupUnsafeIsARace checks that it is reported")
	}
	rec := mustRun(t, "group", map[string]string{"unsafe": "1"})
	times, counted := spoken(t, rec)
	if counted >= 20 || counted < 1 {
		t.Errorf("%d of 20 additions counted; want fewer, lost to the race", counted)
	}
	repeated := false
	for _, k := range times {
		repeated = repeated || k > 1
	}
	if !repeated {
		t.Errorf("no number was spoken twice: %v", times)
	}
	if rec.index(runner.Output, "main", strconv.Itoa(20-counted)+" were lost to the race.") < 0 {
		t.Errorf("main did not say how many were lost\n%s", dump(rec))
	}
}

func TestNamesArePassedNotAsked(t *testing.T) {
	rec := mustRun(t, "names", nil)
	for who, name := range map[string]string{"Cazaril": "Cazaril", "Ista": "Ista", "goroutine": "Thread-3"} {
		got := texts(rec.output(who))
		if want := []string{"Hello, my name is " + name}; !slices.Equal(got, want) {
			t.Errorf("%s printed %q; want %q", who, got, want)
		}
	}
}

func TestAliveAnswers(t *testing.T) {
	rec := mustRun(t, "alive", nil)
	doctor := texts(rec.output("main"))
	if len(doctor) != 5 {
		t.Fatalf("main printed %q; want five lines", doctor)
	}
	// The first answer is a race; the second is sure, since the patient
	// sleeps; after waiting, both have left.
	if doctor[0] != "Doctor: No." && doctor[0] != "Doctor: Next!" {
		t.Errorf("first answer %q", doctor[0])
	}
	if want := []string{"Doctor: No.", "Both patients have left. Asked again:", "Doctor: Next!", "Doctor: Next!"}; !slices.Equal(doctor[1:], want) {
		t.Errorf("answers %q; want %q", doctor[1:], want)
	}
	if rec.index(runner.Wait, "living", "sleep 10s") < 0 {
		t.Errorf("the living patient did not sleep 10 s\n%s", dump(rec))
	}
	// The patient's Exit event follows the close that wakes main, so it
	// may come after main's line; the end of its sleep may not.
	if woke := rec.index(runner.Resume, "living", ""); woke < 0 || woke > rec.index(runner.Output, "main", "Both patients") {
		t.Errorf("main said both had left before the living one woke\n%s", dump(rec))
	}
}

func TestJoinWaits(t *testing.T) {
	rec := mustRun(t, "join", nil)
	oneEnded := rec.index(runner.Output, "thingOne", "Goroutine thingOne ended.")
	twoStarted := rec.index(runner.Output, "thingTwo", "Goroutine thingTwo started.")
	twoEnded := rec.index(runner.Output, "thingTwo", "Goroutine thingTwo ended.")
	if oneEnded < 0 || twoStarted < 0 || twoEnded < 0 {
		t.Fatalf("lines missing\n%s", dump(rec))
	}
	if twoEnded < oneEnded {
		t.Errorf("thingTwo ended (event %d) before thingOne (event %d)", twoEnded, oneEnded)
	}
	if rec.index(runner.Wait, "thingOne", "sleep 5s") < 0 {
		t.Errorf("thingOne did not sleep 5 s\n%s", dump(rec))
	}
	if rec.index(runner.Exit, "main", "") < twoEnded {
		t.Error("main returned before thingTwo ended")
	}
}

func TestDaemonEndsWithMain(t *testing.T) {
	rec := mustRun(t, "daemon", nil)
	var note string
	for _, e := range rec.of(runner.Note) {
		note += e.Text
	}
	if !strings.Contains(note, "daemon") || !strings.Contains(note, "still running") {
		t.Errorf("notes %q; want one naming daemon as still running", note)
	}
	if rec.index(runner.Output, "daemon", "Awake again.") >= 0 {
		t.Error("the daemon woke up")
	}
	if rec.index(runner.Wait, "daemon", "sleep 10s") < 0 || rec.index(runner.Resume, "daemon", "") >= 0 {
		t.Errorf("want a ten-second sleep cut short\n%s", dump(rec))
	}
	if l, x := rec.index(runner.Output, "main", "Leaving."), rec.index(runner.Exit, "daemon", ""); l < 0 || x < l {
		t.Errorf("main left at event %d, the daemon exited at %d; want main first", l, x)
	}
}

func TestFunc(t *testing.T) {
	rec := mustRun(t, "func", nil)
	want := []string{"I'm a real boy!", "Argument"}
	if got := texts(rec.output("thread")); !slices.Equal(got, want) {
		t.Errorf("waiting: thread printed %q; want %q", got, want)
	}
	if rec.index(runner.Output, "thread", "Argument") > rec.index(runner.Exit, "main", "") {
		t.Error("main returned before the goroutine printed")
	}

	// Without waiting, whatever appears is a prefix of the two lines:
	// the race decides how much.
	rec = mustRun(t, "func", map[string]string{"wait": "0"})
	got := texts(rec.output("thread"))
	if len(got) > 2 || !slices.Equal(got, want[:len(got)]) {
		t.Errorf("not waiting: thread printed %q; want a prefix of %q", got, want)
	}
	if rec.index(runner.Output, "main", "Started it; main returns without waiting.") < 0 {
		t.Errorf("main's line is missing\n%s", dump(rec))
	}
}
