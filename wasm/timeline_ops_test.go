//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"
)

// TestTenths checks that tenths writes a length as the page wrote it when
// it passed the number to setAttribute: JavaScript's String(px(f)).
func TestTenths(t *testing.T) {
	tests := []struct {
		name string
		f    float64
	}{
		{"zero", 0},
		{"negative zero", -0.01},
		{"whole", 110},
		{"tenth", 110.25},
		{"rounds up", 0.96},
		{"small", 0.05},
		{"negative", -4.56},
		{"lane", 18 + 999*22 + 11},
		{"wide", 123456.789},
		{"half", 2.45},
		{"one third", 1.0 / 3},
	}
	for _, tt := range tests {
		want := js.Global().Call("String", px(tt.f)).String()
		if got := tenths(tt.f); got != want {
			t.Errorf("%s: tenths(%v) = %q; want %q", tt.name, tt.f, got, want)
		}
	}
}
