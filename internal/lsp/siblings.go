package lsp

import (
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/driver"
)

// WholeSteps are the checks' whole-run steps (see driver.Options.Whole).
type WholeSteps = map[*analysis.Analyzer]func(results []any, reported [][]analysis.Diagnostic) [][]analysis.Diagnostic

// detacher is a result that can travel to another run: it drops what only
// means something in the run that made it, such as token positions.
type detacher interface{ Detached() any }

// siblings carries the results of the checks that have a whole-run step
// (diboilerplate) from every package of the workspace, so that an edited
// package is compared with the packages beside it as `msvclint ./...` does.
// A module is indexed once, in the background; after that each package's
// own analysis refreshes its entry.
type siblings struct {
	steps WholeSteps

	mu      sync.Mutex
	byPkg   map[*analysis.Analyzer]map[string]any // detached results by package ID
	indexed map[string]bool                       // module roots indexed or being indexed
}

func newSiblings(steps WholeSteps) *siblings {
	return &siblings{steps: steps, byPkg: map[*analysis.Analyzer]map[string]any{}, indexed: map[string]bool{}}
}

// remember stores the detached results of a run's roots.
func (sb *siblings) remember(g *driver.Result) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	for _, r := range g.Roots {
		for _, an := range r.Analyses {
			d, ok := an.Result.(detacher)
			if sb.steps[an.Analyzer] == nil || an.Err != nil || !ok {
				continue
			}
			if sb.byPkg[an.Analyzer] == nil {
				sb.byPkg[an.Analyzer] = map[string]any{}
			}
			sb.byPkg[an.Analyzer][r.ID] = d.Detached()
		}
	}
}

// revise replaces the findings of g's roots with those of each whole-run
// step over g's roots and every other package remembered.
func (sb *siblings) revise(g *driver.Result) {
	sb.remember(g)
	sb.mu.Lock()
	defer sb.mu.Unlock()
	for a, step := range sb.steps {
		var cur []*driver.Analysis
		own := map[string]bool{}
		for _, r := range g.Roots {
			for _, an := range r.Analyses {
				if an.Analyzer == a && an.Err == nil {
					cur = append(cur, an)
					own[r.ID] = true
				}
			}
		}
		if len(cur) == 0 {
			continue
		}
		var results []any
		reported := make([][]analysis.Diagnostic, len(cur))
		for i, an := range cur {
			results = append(results, an.Result)
			reported[i] = an.Diagnostics
		}
		for id, res := range sb.byPkg[a] {
			if !own[id] {
				results = append(results, res)
				reported = append(reported, nil)
			}
		}
		out := step(results, reported)
		for i, an := range cur {
			an.Diagnostics = out[i]
		}
	}
}

// claim reports whether the module holding dir still needs indexing, and
// marks it taken.
func (sb *siblings) claim(dir string) (root string, ok bool) {
	if len(sb.steps) == 0 {
		return "", false
	}
	root = moduleRoot(dir)
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if root == "" || sb.indexed[root] {
		return "", false
	}
	sb.indexed[root] = true
	return root, true
}

// index analyzes the module holding dir with the whole-run checks alone,
// once, in the background, and then analyzes the open packages again so
// that their findings include what their siblings hold.
func (s *server) index(dir string) {
	root, ok := s.siblings.claim(dir)
	if !ok {
		return
	}
	var suite []*analysis.Analyzer
	for a := range s.siblings.steps {
		suite = append(suite, a)
	}
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		return
	}
	s.running.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.running.Done()
		g, err := driver.Run(driver.Options{Context: s.ctx, Dir: root}, suite, "./...")
		if err != nil || s.ctx.Err() != nil {
			return
		}
		s.siblings.remember(g)
		s.mu.Lock()
		dirs := map[string]bool{}
		for path := range s.docs {
			dirs[filepath.Dir(path)] = true
		}
		s.mu.Unlock()
		for d := range dirs {
			s.schedule(d)
		}
	}()
}

// moduleRoot is the directory of the go.mod governing dir, or "".
func moduleRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
