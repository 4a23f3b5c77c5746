//go:build !js

package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.samples != 10 || c.clients != 10000 || c.messages != 10 || c.p3n != 1000000 || c.fast {
		t.Errorf("defaults %+v; want issue 2's sizes", c)
	}
	for _, id := range ids {
		if !c.want(id) {
			t.Errorf("by default %s is not measured", id)
		}
	}

	c, err = parseFlags([]string{"-only", "P2, p3", "-n", "3", "-pytimeout", "1m"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.want("p2") || !c.want("p3") || c.want("p1") || c.want("go") {
		t.Errorf("-only P2,p3 wants %v", c.only)
	}
	if c.samples != 3 || c.pyLimit != time.Minute {
		t.Errorf("got %+v", c)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-only", "p9"}, `unknown part "p9"`},
		{[]string{"-n", "0"}, "-n must be at least 1"},
		{[]string{"-p3rounds", "-2"}, "-p3rounds must be at least 1"},
		{[]string{"-messages", "-1"}, "may not be negative"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nosuchflag"}, "not defined"},
	}
	for _, tt := range tests {
		_, err := parseFlags(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q) = %v; want an error with %q", tt.args, err, tt.want)
		}
	}
}
