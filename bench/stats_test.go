//go:build !js

package main

import "testing"

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{7}, 7},
		{"odd, unsorted", []float64{9, 1, 5}, 5},
		{"even is the mean of the middle two", []float64{4, 1, 3, 2}, 2.5},
		{"repeats", []float64{2, 2, 2, 9}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.in...)
			if got := median(tt.in); got != tt.want {
				t.Errorf("median(%v) = %v; want %v", in, got, tt.want)
			}
			for i := range in {
				if in[i] != tt.in[i] {
					t.Fatalf("median reordered its input: %v; was %v", tt.in, in)
				}
			}
		})
	}
}

func TestSpread(t *testing.T) {
	if lo, hi := spread([]float64{3, -1, 8}); lo != -1 || hi != 8 {
		t.Errorf("spread = %v, %v; want -1, 8", lo, hi)
	}
	if lo, hi := spread(nil); lo != 0 || hi != 0 {
		t.Errorf("spread(nil) = %v, %v; want 0, 0", lo, hi)
	}
}

func TestMs(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0.421, "0.42 ms"},
		{37.4, "37 ms"},
		{999.4, "999 ms"},
		{1250, "1.25 s"},
	}
	for _, tt := range tests {
		if got := ms(tt.in); got != tt.want {
			t.Errorf("ms(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestKib(t *testing.T) {
	if got, want := kib(1536), "1.5 KiB (1536 B)"; got != want {
		t.Errorf("kib(1536) = %q; want %q", got, want)
	}
}

func TestLongestGap(t *testing.T) {
	frames := []float64{0, 16, 32, 150, 166, 182, 400, 416}
	tests := []struct {
		name     string
		from, to float64
		want     float64
	}{
		{"everything", 0, 416, 218},
		{"a stall that began before the window counts", 100, 120, 118},
		{"a stall that ends after the window counts", 170, 190, 218},
		{"within smooth frames", 0, 30, 16},
		{"no frames touch it", 500, 600, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := longestGap(frames, tt.from, tt.to); got != tt.want {
				t.Errorf("longestGap(%v, %v) = %v; want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
	if got := framesIn(frames, 16, 166); got != 4 {
		t.Errorf("framesIn(16, 166) = %d; want 4", got)
	}
}
