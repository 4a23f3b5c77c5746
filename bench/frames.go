//go:build !js

package main

// longestGap returns the longest time between two consecutive animation
// frames (timestamps in ms, ascending) that touches the window [from, to]:
// every gap whose later frame comes after from and whose earlier frame
// comes before to, so a stall that began before the window or ended after
// it counts. It returns 0 when no gap touches the window.
func longestGap(frames []float64, from, to float64) float64 {
	longest := 0.0
	for i := 1; i < len(frames); i++ {
		if frames[i] <= from || frames[i-1] >= to {
			continue
		}
		longest = max(longest, frames[i]-frames[i-1])
	}
	return longest
}

// framesIn counts the frames within [from, to].
func framesIn(frames []float64, from, to float64) int {
	n := 0
	for _, f := range frames {
		if f >= from && f <= to {
			n++
		}
	}
	return n
}
