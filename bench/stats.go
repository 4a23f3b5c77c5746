//go:build !js

package main

import (
	"fmt"
	"slices"
	"time"
)

// median returns the middle of xs (the mean of the two middle values when
// their number is even), or 0 for none. xs is not changed.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// spread returns the smallest and the largest of xs, or zeros for none.
func spread(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	return slices.Min(xs), slices.Max(xs)
}

// ms formats a duration in milliseconds as a person reads it: "0.42 ms",
// "37 ms", "1.25 s".
func ms(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.2f s", v/1000)
	case v >= 10:
		return fmt.Sprintf("%.0f ms", v)
	default:
		return fmt.Sprintf("%.2f ms", v)
	}
}

// millis converts d to milliseconds.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// kib formats a byte count as KiB with its exact number: "1234.5 KiB (1264128 B)".
func kib(n int64) string {
	return fmt.Sprintf("%.1f KiB (%d B)", float64(n)/1024, n)
}
