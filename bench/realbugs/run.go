package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// tool names, in the order of the tables' columns.
const (
	msvclint    = "msvclint"
	baseline    = "baseline"
	vet         = "go vet"
	staticcheck = "staticcheck"
)

// config says which tools run and where.
type config struct {
	msvclint, staticcheck string // binaries; staticcheck "" leaves the peers out
	baseline              string // an earlier msvclint to compare with, or ""
	cache                 string
	jobs                  int
	timeout               time.Duration
}

// Outcome is what the run found for one entry.
type Outcome struct {
	Entry
	Loaded  bool
	Why     string               // why it did not load
	Found   map[string]bool      // by tool
	Hits    []Finding            // msvclint's findings that match the entry
	PeerHit map[string][]Finding // the peers' findings that match
}

// groupResult is the run over one module version.
type groupResult struct {
	module, version string
	outcomes        []Outcome
	other           []Finding // msvclint's findings that match no entry
	lines           int
}

// group is the entries of one module version.
type group struct {
	module, version string
	entries         []Entry
}

func groups(entries []Entry) []group {
	var out []group
	index := map[string]int{}
	for _, e := range entries {
		i, ok := index[e.ModVersion()]
		if !ok {
			i = len(out)
			index[e.ModVersion()] = i
			out = append(out, group{module: e.Module, version: e.Version})
		}
		out[i].entries = append(out[i].entries, e)
	}
	return out
}

// runAll runs the groups on cfg.jobs workers and returns their results in the
// groups' order.
func runAll(cfg config, gs []group) []groupResult {
	results := make([]groupResult, len(gs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(cfg.jobs, 1) {
		wg.Go(func() {
			for i := range work {
				start := time.Now()
				results[i] = runGroup(cfg, gs[i])
				fmt.Fprintf(os.Stderr, "%s@%s: %d entries, %d loaded, %v\n", gs[i].module, gs[i].version,
					len(gs[i].entries), countLoaded(results[i].outcomes), time.Since(start).Round(time.Second))
			}
		})
	}
	for i := range gs {
		work <- i
	}
	close(work)
	wg.Wait()
	return results
}

func runGroup(cfg config, g group) groupResult {
	res := groupResult{module: g.module, version: g.version}
	var pkgs []string
	for _, e := range g.entries {
		if !slices.Contains(pkgs, e.Package) {
			pkgs = append(pkgs, e.Package)
		}
	}
	dir, err := prepare(cfg.cache, g.module, g.version, pkgs)
	if err != nil {
		for _, e := range g.entries {
			res.outcomes = append(res.outcomes, Outcome{Entry: e, Why: "download: " + firstLines([]byte(err.Error()), 3)})
		}
		return res
	}
	res.lines = countLines(dir, g.module, pkgs)
	runs := map[string]runResult{msvclint: runMsvclint(cfg.msvclint, dir, cfg.timeout, pkgs)}
	if cfg.baseline != "" {
		runs[baseline] = runMsvclint(cfg.baseline, dir, cfg.timeout, pkgs)
	}
	if cfg.staticcheck != "" {
		runs[vet] = cachedPeer(dir, vet, pkgs, func() runResult { return runVet(dir, cfg.timeout, pkgs) })
		runs[staticcheck] = cachedPeer(dir, staticcheck, pkgs, func() runResult {
			return runStaticcheck(cfg.staticcheck, dir, cfg.timeout, pkgs)
		})
	}
	matched := map[Finding]bool{}
	for _, e := range g.entries {
		o := Outcome{Entry: e, Found: map[string]bool{}, PeerHit: map[string][]Finding{}}
		o.Loaded, o.Why = runs[msvclint].loaded(e)
		for tool, r := range runs {
			own := tool == msvclint || tool == baseline // matched by check, not by any finding
			hits := matches(e, r.findings, own)
			for _, f := range hits {
				matched[f] = matched[f] || tool == msvclint
			}
			o.Found[tool] = o.Loaded && len(hits) > 0
			switch tool {
			case msvclint:
				o.Hits = hits
			case baseline:
			default:
				o.PeerHit[tool] = hits
			}
		}
		res.outcomes = append(res.outcomes, o)
	}
	for _, f := range runs[msvclint].findings {
		if !matched[f] {
			res.other = append(res.other, f)
		}
	}
	slices.SortFunc(res.other, func(a, b Finding) int { return strings.Compare(a.String(), b.String()) })
	return res
}

// matches returns the findings within two lines of one of the entry's
// labelled lines: of the entry's own check for msvclint, of any analyzer or
// code for a peer, which has no check of that name.
func matches(e Entry, fs []Finding, ownCheck bool) []Finding {
	var out []Finding
	for _, f := range fs {
		if ownCheck && f.Check != e.Check {
			continue
		}
		for _, s := range e.Sites() {
			if f.File == s.File && abs(f.Line-s.Line) <= 2 {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func countLoaded(outs []Outcome) int {
	n := 0
	for _, o := range outs {
		if o.Loaded {
			n++
		}
	}
	return n
}
