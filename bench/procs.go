//go:build !js

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The browser's processes, read from Linux's /proc: a page's cost in
// memory and CPU is spread over the browser process, its renderers (an
// article's sandboxed frames have one of their own), the GPU process and
// utilities, so the benchmark adds them all up.

// processTree returns root and every process descended from it.
func processTree(root int) ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone since the listing
		}
		if ppid, ok := parentOf(stat); ok {
			children[ppid] = append(children[ppid], pid)
		}
	}
	tree := []int{root}
	for i := 0; i < len(tree); i++ {
		tree = append(tree, children[tree[i]]...)
	}
	return tree, nil
}

// parentOf reads the parent's pid from the text of /proc/PID/stat, whose
// second field, the command, may hold spaces and parentheses.
func parentOf(stat []byte) (int, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// cpuNanos returns the CPU time each process has used, in ns, from the
// schedstat of each of its threads (clock ticks, at 10 ms, are too coarse
// for an idle page).
func cpuNanos(pids []int) map[int]int64 {
	used := map[int]int64{}
	for _, pid := range pids {
		tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
		if err != nil || len(tasks) == 0 {
			continue // gone
		}
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue // a thread that ended
			}
			if f := strings.Fields(string(b)); len(f) > 0 {
				if ns, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					used[pid] += ns
				}
			}
		}
	}
	return used
}

// grown returns how much the processes of after grew since before: the
// difference for those in both (which may be negative: a new process
// shares pages that others held alone), all of it for those new since. A
// process that ended in between is left out, not counted as shrinking:
// it was another page's (the last tab's, whose processes end a while
// after it closes).
func grown(before, after map[int]int64) int64 {
	var total int64
	for pid, v := range after {
		total += v - before[pid]
	}
	return total
}

// pssKiB returns each process's proportional set size in KiB: a page
// shared between processes counts once, split among them, so a sum over
// the processes is the memory they hold together.
func pssKiB(pids []int) map[int]int64 {
	sizes := map[int]int64{}
	for _, pid := range pids {
		f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue // gone, or not ours to read
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "Pss:"); ok {
				if f := strings.Fields(v); len(f) > 0 {
					if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						sizes[pid] = kb
					}
				}
				break
			}
		}
		f.Close()
	}
	return sizes
}
