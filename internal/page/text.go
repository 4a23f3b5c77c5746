package page

import (
	"strconv"
	"strings"
	"time"
)

// FirstSentence returns s, its spaces collapsed, up to the end of its
// first sentence: the gist of a lesson in the list of programs.
func FirstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Seconds formats a time offset as "+1.234".
func Seconds(d time.Duration) string {
	return "+" + strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

// Plural returns "1 goroutine", "2 goroutines".
func Plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// Colours is how many colours goroutines are told apart by.
const Colours = 12

// Colour gives each goroutine name one of the Colours, the same on every
// run, in the page and in the terminal alike.
func Colour(name string) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	return int(h % Colours)
}

// ColourClass is the CSS class of the goroutine's colour, "g0" to "g11".
func ColourClass(name string) string { return "g" + strconv.Itoa(Colour(name)) }

// maxAnnounced bounds the quoted line of an announcement, in bytes: a
// listener needs its gist.
const maxAnnounced = 120

// Announcement is what the page tells a screen reader about n new lines
// of output, the last of which is last: the line itself, or a summary.
func Announcement(n int, last string) string {
	last, _, cut := strings.Cut(last, "\n")
	if len(last) > maxAnnounced {
		i := maxAnnounced
		for i > 0 && last[i]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			i--
		}
		last, cut = last[:i], true
	}
	if cut {
		last += "…"
	}
	if n == 1 {
		return last
	}
	return strconv.Itoa(n) + " new lines, last: " + last
}
