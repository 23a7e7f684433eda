package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/msvclint/msvclint/internal/longtest"
)

// A step is one way of analyzing a corpus; rep numbers the repetition, so
// cold steps can make their caches new.
type step struct {
	name, what string
	run        func(c corpus, t tools, scratch string, rep int) sample
}

var steps = []step{
	{"load", "load + type-check floor (go/packages, all syntax)", func(c corpus, t tools, _ string, _ int) sample {
		return run(c.dir, longtest.Env(), t.self, "floor", "load", c.pattern)
	}},
	{"ssa", "load + SSA floor (buildssa as the suite runs it)", func(c corpus, t tools, _ string, _ int) sample {
		return run(c.dir, longtest.Env(), t.self, "floor", "ssa", c.pattern)
	}},
	{"msvclint", "msvclint standalone (whole suite)", func(c corpus, t tools, _ string, _ int) sample {
		return run(c.dir, longtest.Env(), t.msvclint, c.pattern)
	}},
	{"vet-cold", "go vet -vettool=msvclint, vet cache cold", func(c corpus, t tools, scratch string, rep int) sample {
		// A copy with bytes appended has a new tool ID, so go vet reuses
		// the compiled export data but none of msvclint's results.
		tool, err := freshCopy(t.msvclint, scratch, c.name, rep)
		if err != nil {
			return sample{code: -1, errs: err.Error()}
		}
		return run(c.dir, longtest.Env(), "go", "vet", "-vettool="+tool, c.pattern)
	}},
	{"govet-cold", "plain go vet (its own vet tool), vet cache cold", func(c corpus, _ tools, scratch string, rep int) sample {
		// The same freshening as vet-cold, applied to the go command's
		// own vet tool: the ratio is what -vettool=msvclint adds.
		tooldir, err := longtest.Go(c.dir, "env", "GOTOOLDIR")
		if err != nil {
			return sample{code: -1, errs: err.Error()}
		}
		tool, err := freshCopy(filepath.Join(strings.TrimSpace(string(tooldir)), "vet"), scratch, "govet-"+c.name, rep)
		if err != nil {
			return sample{code: -1, errs: err.Error()}
		}
		return run(c.dir, longtest.Env(), "go", "vet", "-vettool="+tool, c.pattern)
	}},
	{"vet-warm", "go vet -vettool=msvclint, vet cache warm", func(c corpus, _ tools, scratch string, rep int) sample {
		return run(c.dir, longtest.Env(), "go", "vet", "-vettool="+freshPath(scratch, c.name, rep), c.pattern)
	}},
	{"sc-cold", "staticcheck, its cache cold", func(c corpus, t tools, scratch string, rep int) sample {
		return run(c.dir, staticcheckEnv(scratch, c.name, rep), t.staticcheck, c.pattern)
	}},
	{"sc-warm", "staticcheck, its cache warm", func(c corpus, t tools, scratch string, rep int) sample {
		return run(c.dir, staticcheckEnv(scratch, c.name, rep), t.staticcheck, c.pattern)
	}},
}

func stepNames() []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.name)
	}
	return out
}

func freshPath(scratch, corpus string, rep int) string {
	return filepath.Join(scratch, fmt.Sprintf("msvclint-%s-%d", corpus, rep))
}

func freshCopy(bin, scratch, corpus string, rep int) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	// The suffix changes the tool's content hash, which keys go vet's
	// cache; the time makes it new even across runs of the harness.
	data = append(data, fmt.Sprintf("\nbench %s %d %d\n", corpus, rep, time.Now().UnixNano())...)
	path := freshPath(scratch, corpus, rep)
	return path, os.WriteFile(path, data, 0o755)
}

// staticcheckEnv gives each repetition its own staticcheck cache: the cold
// step starts it empty, the warm step that follows reuses it.
func staticcheckEnv(scratch, corpus string, rep int) []string {
	return append(longtest.Env(), "STATICCHECK_CACHE="+filepath.Join(scratch, fmt.Sprintf("sc-cache-%s-%d", corpus, rep)))
}

// measure primes the caches the tools share (module downloads, compiled
// export data, the file cache), then runs the
// selected steps reps times, interleaved so that drift in the machine's load
// spreads over all of them.
func measure(c corpus, t tools, selected []string, reps int) corpusResult {
	fmt.Fprintf(os.Stderr, "%s: priming caches\n", c.name)
	scratch := filepath.Dir(t.msvclint)
	// Compiled export data of every package and test variant, which go vet
	// and staticcheck read for dependencies.
	if x := run(c.dir, longtest.Env(), "go", "list", "-e", "-export", "-deps", "-test", c.pattern); x.code != 0 {
		fmt.Fprintf(os.Stderr, "  priming: %s\n", x.errs)
	}
	r := corpusResult{corpus: c, samples: map[string][]sample{}}
	for rep := range reps {
		for _, s := range steps {
			if !contains(selected, s.name) {
				continue
			}
			x := s.run(c, t, scratch, rep)
			fmt.Fprintf(os.Stderr, "%s rep %d %-9s %6.1fs wall %6.1fs cpu %s exit %d\n", c.name, rep+1, s.name, x.wall.Seconds(), x.cpu.Seconds(), mb(x.rss), x.code)
			if x.errs != "" && !expectedExit(s.name, x.code) {
				fmt.Fprintf(os.Stderr, "  %s\n", strings.ReplaceAll(x.errs, "\n", "\n  "))
			}
			r.samples[s.name] = append(r.samples[s.name], x)
		}
	}
	return r
}

// expectedExit tells a run that worked from one that failed: the tools exit
// non-zero when they report findings.
func expectedExit(step string, code int) bool {
	switch step {
	case "msvclint":
		return code == 0 || code == 3
	case "vet-cold", "vet-warm", "govet-cold", "sc-cold", "sc-warm":
		return code == 0 || code == 1
	}
	return code == 0
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
