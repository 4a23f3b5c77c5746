package runner

import (
	"strings"
	"testing"
)

var testKnobs = []Knob{
	{Name: "clients", Default: 5, Min: 1, Max: 100},
	{Name: "unsafe", Default: 0, Min: 0, Max: 1, Bool: true},
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		set     map[string]string
		want    Values
		wantErr []string // each must appear in the error
	}{
		{name: "defaults", set: nil, want: Values{"clients": 5, "unsafe": 0}},
		{name: "set", set: map[string]string{"clients": "7", "unsafe": "1"}, want: Values{"clients": 7, "unsafe": 1}},
		{name: "spaces and bool words", set: map[string]string{"clients": " 100 ", "unsafe": "true"}, want: Values{"clients": 100, "unsafe": 1}},
		{name: "low", set: map[string]string{"clients": "0"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{"knob clients: 0 is out of range [1, 100]"}},
		{name: "high", set: map[string]string{"clients": "101"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{"knob clients: 101 is out of range [1, 100]"}},
		{name: "huge", set: map[string]string{"clients": "99999999999999999999999"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{"knob clients:", "out of range [1, 100]"}},
		{name: "not a number", set: map[string]string{"clients": "five"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{`knob clients: "five" is not a whole number`}},
		{name: "bool out of range", set: map[string]string{"unsafe": "2"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{"knob unsafe: 2 is not 0 (off) or 1 (on)"}},
		{name: "unknown and bad together", set: map[string]string{"clients": "-1", "colour": "red"}, want: Values{"clients": 5, "unsafe": 0},
			wantErr: []string{"knob clients: -1 is out of range", "knob colour: no such knob (knobs: clients, unsafe)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(testKnobs, tt.set)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %d; want %d", k, got[k], v)
				}
			}
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("err = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("err = nil; want %q", tt.wantErr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q; want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestCommonKnobDefaultsInRange(t *testing.T) {
	for _, k := range []Knob{TimeScale, Stall} {
		if err := k.Check(k.Default); err != nil {
			t.Errorf("%s: default: %v", k.Name, err)
		}
	}
}
