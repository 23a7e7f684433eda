package driver

import (
	"context"
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// work says how much a package needs.
type work int

const (
	typesOnly work = iota // a standard-library dependency: its API, nothing more
	factsOnly             // another dependency: the analyzers that export facts
	full                  // a root: the whole suite
)

// node is one package of the import graph.
type node struct {
	pkg        *packages.Package
	work       work
	deps       []*node
	dependents []*node
	pending    atomic.Int32 // deps not yet done

	// Set when the node is done, read by dependents afterwards.
	types    *types.Package
	errs     []error // this package's own list, parse and type errors
	illTyped bool    // errs, or a dependency's
	analyses []*Analysis

	closureOnce sync.Once
	closure     map[*types.Package]bool // itself and every dependency

	reused bool // taken whole from the Cache: nothing to check or analyze
}

type graph struct {
	opts  Options
	ctx   context.Context
	fset  *token.FileSet
	facts *factStore
	nodes []*node // dependencies before dependents
	roots []*node
	suite []*analysis.Analyzer

	rootPlan, depPlan []*analysis.Analyzer // run order, prerequisites first
}

func newGraph(opts Options, suite []*analysis.Analyzer, roots []*packages.Package, stdSrc string) *graph {
	fset := token.NewFileSet()
	if opts.Cache != nil {
		fset = opts.Cache.fset
	}
	g := &graph{
		opts:  opts,
		ctx:   opts.Context,
		fset:  fset,
		facts: newFactStore(),
		suite: suite,
	}
	g.rootPlan = plan(suite, func(*analysis.Analyzer) bool { return true })
	g.depPlan = plan(suite, func(a *analysis.Analyzer) bool { return len(a.FactTypes) > 0 })
	byPkg := map[*packages.Package]*node{}
	visiting := map[*packages.Package]bool{}
	var visit func(p *packages.Package) *node
	visit = func(p *packages.Package) *node {
		if n := byPkg[p]; n != nil {
			return n
		}
		n := &node{pkg: p, work: factsOnly}
		byPkg[p] = n
		visiting[p] = true
		if isStd(p, stdSrc) || len(g.depPlan) == 0 {
			n.work = typesOnly
		}
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			// go/packages breaks import cycles and reports them; an edge
			// back into the path would leave both ends waiting forever.
			if visiting[p.Imports[path]] {
				continue
			}
			d := visit(p.Imports[path])
			n.deps = append(n.deps, d)
			d.dependents = append(d.dependents, n)
		}
		visiting[p] = false
		n.pending.Store(int32(len(n.deps)))
		g.nodes = append(g.nodes, n)
		return n
	}
	for _, p := range roots {
		n := visit(p)
		n.work = full
		g.roots = append(g.roots, n)
	}
	return g
}

// plan lists the analyzers suite needs (itself and its prerequisites) for
// which keep holds, with the prerequisites of those, prerequisites first.
func plan(suite []*analysis.Analyzer, keep func(*analysis.Analyzer) bool) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if !seen[a] {
			seen[a] = true
			for _, r := range a.Requires {
				visit(r)
			}
			order = append(order, a)
		}
	}
	for _, a := range suite {
		visit(a)
	}
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if !needed[a] {
			needed[a] = true
			for _, r := range a.Requires {
				need(r)
			}
		}
	}
	for _, a := range order {
		if keep(a) {
			need(a)
		}
	}
	var out []*analysis.Analyzer
	for _, a := range order {
		if needed[a] {
			out = append(out, a)
		}
	}
	return out
}

// run processes every node once all its dependencies are done, at most
// Parallel at a time.
func (g *graph) run() error {
	workers := g.opts.Parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ready := make(chan *node, len(g.nodes))
	for _, n := range g.nodes {
		if n.pending.Load() == 0 {
			ready <- n
		}
	}
	var remaining atomic.Int32
	remaining.Store(int32(len(g.nodes)))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range ready {
				if g.ctx.Err() == nil {
					g.process(n)
				}
				for _, d := range n.dependents {
					if d.pending.Add(-1) == 0 {
						ready <- d
					}
				}
				if remaining.Add(-1) == 0 {
					close(ready)
				}
			}
		}()
	}
	wg.Wait()
	if err := g.ctx.Err(); err != nil {
		return errCanceled
	}
	return nil
}

// process type-checks one package and, unless it is a standard-library
// dependency, runs its analyzers; then drops everything dependents do not
// need.
func (g *graph) process(n *node) {
	if n.reused {
		return
	}
	for _, d := range n.deps {
		n.illTyped = n.illTyped || d.illTyped
	}
	files, info := g.check(n)
	if len(n.errs) > 0 {
		n.illTyped = true
	}
	if n.work == typesOnly || n.illTyped || n.types == types.Unsafe {
		return
	}
	plan := g.depPlan
	if n.work == full {
		plan = g.rootPlan
	}
	n.analyses = g.analyze(n, files, info, plan)
	if n.work != full { // a dependency's findings are not shown; its failures are
		n.analyses = slices.DeleteFunc(n.analyses, func(an *Analysis) bool { return an.Err == nil })
	}
}

// result gathers the roots' analyses and the errors that affected them.
func (g *graph) result() *Result {
	res := &Result{Fset: g.fset, Suite: g.suite}
	seenErr := map[string]bool{}
	seenNode := map[*node]bool{}
	var collect func(n *node)
	collect = func(n *node) {
		if seenNode[n] || !n.illTyped {
			return
		}
		seenNode[n] = true
		for _, d := range n.deps {
			collect(d)
		}
		for _, e := range n.errs {
			if !seenErr[e.Error()] {
				seenErr[e.Error()] = true
				res.Errors = append(res.Errors, e)
			}
		}
	}
	for _, n := range g.nodes {
		if n.work == full {
			continue
		}
		for _, an := range n.analyses {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %s (a dependency): %w", an.Analyzer.Name, n.pkg.PkgPath, an.Err))
		}
	}
	for _, n := range g.roots {
		collect(n)
		r := &Root{ID: n.pkg.ID, GoFiles: n.pkg.GoFiles}
		if n.illTyped {
			r.Err = firstError(n)
		}
		for _, a := range g.suite {
			for _, an := range n.analyses {
				if an.Analyzer == a {
					r.Analyses = append(r.Analyses, an)
				}
			}
		}
		res.Roots = append(res.Roots, r)
	}
	return res
}

// dependencies is the set of packages whose facts n may see: itself and
// everything it imports, directly or not.
func (n *node) dependencies() map[*types.Package]bool {
	n.closureOnce.Do(func() {
		n.closure = map[*types.Package]bool{}
		var visit func(m *node)
		visit = func(m *node) {
			if m.types == nil || n.closure[m.types] {
				return
			}
			n.closure[m.types] = true
			for _, d := range m.deps {
				visit(d)
			}
		}
		visit(n)
	})
	return n.closure
}
