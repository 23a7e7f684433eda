package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// sample is one run of one step.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system, the child and its waited-for children
	rss  int64         // peak resident set of the largest single process, bytes
	code int
	errs string // the start of stderr when the run failed
}

// run runs name args in dir with env and measures it. The peak RSS comes from
// wait4's rusage, which on Linux is the maximum over the child and every
// descendant it waited for: for go vet, the largest vet tool process.
func run(dir string, env []string, name string, args ...string) sample {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stdout = nil // discarded: findings are not what is measured here
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start)}
	if cmd.ProcessState == nil {
		s.code, s.errs = -1, err.Error()
		return s
	}
	s.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.rss = ru.Maxrss * 1024
	}
	if err != nil {
		s.errs = firstLines(stderr.String(), 5)
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// summary is the median of each measure over the repetitions of a step. The
// median, not the mean: on a shared 2-core machine one run in three can be
// slowed by a neighbour.
type summary struct {
	wall, cpu time.Duration
	rss       int64
	codes     []int
}

func summarize(samples []sample) summary {
	var s summary
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	rsss := make([]int64, len(samples))
	for i, x := range samples {
		walls[i], cpus[i], rsss[i] = x.wall, x.cpu, x.rss
		s.codes = append(s.codes, x.code)
	}
	s.wall, s.cpu, s.rss = median(walls), median(cpus), median(rsss)
	return s
}

func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	sorted := append([]T(nil), xs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

func (s summary) String() string {
	return fmt.Sprintf("%8.1fs %8.1fs %8s", s.wall.Seconds(), s.cpu.Seconds(), mb(s.rss))
}

func mb(b int64) string {
	return fmt.Sprintf("%d MB", b>>20)
}
