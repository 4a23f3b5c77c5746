//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteArticles(t *testing.T) {
	t.Chdir("..") // the module root, where the command runs
	dir := t.TempDir()
	all, one, none, err := writeArticles(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		page   articlePage
		embeds int
		script bool
	}{
		{name: "all", page: all, embeds: 24, script: true},
		{name: "one", page: one, embeds: 1, script: true},
		{name: "none", page: none, embeds: 0, script: false},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tt.page.path))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if got := strings.Count(html, "data-goroutine-playground="); tt.script && got != tt.embeds {
			t.Errorf("%s: %d embeds in the page; want %d", tt.name, got, tt.embeds)
		}
		if tt.page.embeds != tt.embeds {
			t.Errorf("%s: the page says %d embeds; want %d", tt.name, tt.page.embeds, tt.embeds)
		}
		if got := strings.Contains(html, `<script src="embed.js"></script>`); got != tt.script {
			t.Errorf("%s: embed.js loaded: got %v; want %v", tt.name, got, tt.script)
		}
		if strings.Contains(html, "SITE/") {
			t.Errorf("%s: the playground's address is left as SITE", tt.name)
		}
	}
}

func TestParentOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		stat string
		want int
		ok   bool
	}{
		{name: "plain", stat: "4242 (chromium) S 4200 4242 4242 0 -1", want: 4200, ok: true},
		{name: "spaces and parentheses in the command", stat: "77 (Web Content (x) y) R 12 77 77", want: 12, ok: true},
		{name: "no command", stat: "77 R 12", ok: false},
		{name: "cut short", stat: "77 (x) R", ok: false},
	} {
		got, ok := parentOf([]byte(tt.stat))
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProcessTree(t *testing.T) {
	tree, err := processTree(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) == 0 || tree[0] != os.Getpid() {
		t.Fatalf("tree %v; want it to start with this process, %d", tree, os.Getpid())
	}
	me := os.Getpid()
	if got := pssKiB(tree)[me]; got <= 0 {
		t.Errorf("this process's PSS: %d KiB; want some", got)
	}
	if got := cpuNanos(tree)[me]; got <= 0 {
		t.Errorf("this process's CPU time: %d ns; want some", got)
	}
}

func TestGrown(t *testing.T) {
	for _, tt := range []struct {
		name          string
		before, after map[int]int64
		want          int64
	}{
		{name: "grew", before: map[int]int64{1: 10, 2: 5}, after: map[int]int64{1: 15, 2: 7}, want: 7},
		{name: "a new process counts whole", before: map[int]int64{1: 10}, after: map[int]int64{1: 10, 3: 40}, want: 40},
		{name: "an ended process does not count", before: map[int]int64{1: 10, 2: 500}, after: map[int]int64{1: 12}, want: 2},
		{name: "one shrinks as another grows", before: map[int]int64{1: 10, 2: 5}, after: map[int]int64{1: 4, 2: 9}, want: -2},
	} {
		if got := grown(tt.before, tt.after); got != tt.want {
			t.Errorf("%s: got %d; want %d", tt.name, got, tt.want)
		}
	}
}
