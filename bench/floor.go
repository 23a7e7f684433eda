package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/analyzers"
)

// The floors are what any go/analysis suite over the same packages must pay,
// measured in a child process of the harness (so that its peak memory is its
// own): loading and type-checking every package from source, as the x/tools
// checker does once an analyzer in the graph uses facts (buildssa's ctrlflow
// does), and then building SSA the way the suite's graph makes buildssa run.

// loadMode is the checker's mode when some analyzer uses facts.
const loadMode = packages.LoadAllSyntax | packages.NeedModule

// load type-checks patterns (and their tests, as msvclint does by default) in
// the current directory.
func load(patterns []string) ([]*packages.Package, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: loadMode, Tests: true}, patterns...)
	if err != nil {
		return nil, err
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return pkgs, fmt.Errorf("%d errors loading %v", n, patterns)
	}
	return pkgs, nil
}

// ssaFloor returns a no-op analyzer that requires SSA (and the AST
// inspector), so the checker builds SSA for the packages where the suite's
// own graph builds it: the root packages, and every dependency too when a
// fact-producing analyzer of the suite requires buildssa.
func ssaFloor(suite []*analysis.Analyzer) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "ssafloor",
		Doc:      "ssafloor builds SSA and reports nothing",
		Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			_ = pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
			return nil, nil
		},
	}
	if ssaOnDeps(suite) {
		a.FactTypes = []analysis.Fact{new(floorFact)}
	}
	return a
}

type floorFact struct{}

func (*floorFact) AFact() {}

// ssaOnDeps reports whether the checker runs buildssa on dependencies for
// suite: it runs every analyzer with facts, and what those require, on every
// package of the graph.
func ssaOnDeps(suite []*analysis.Analyzer) bool {
	for _, a := range suite {
		if len(a.FactTypes) > 0 && requires(a, buildssa.Analyzer, map[*analysis.Analyzer]bool{}) {
			return true
		}
		if ssaOnDeps(a.Requires) {
			return true
		}
	}
	return false
}

func requires(a, target *analysis.Analyzer, seen map[*analysis.Analyzer]bool) bool {
	if a == target {
		return true
	}
	if seen[a] {
		return false
	}
	seen[a] = true
	for _, r := range a.Requires {
		if requires(r, target, seen) {
			return true
		}
	}
	return false
}

// runFloor is the child side: "floor load PATTERNS" or "floor ssa PATTERNS".
func runFloor(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bench floor load|ssa patterns...")
		return 2
	}
	pkgs, err := load(args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if args[0] == "ssa" {
		graph, err := checker.Analyze([]*analysis.Analyzer{ssaFloor(analyzers.Checks())}, pkgs, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for act := range graph.All() {
			if act.Err != nil {
				fmt.Fprintln(os.Stderr, act.Err)
				return 1
			}
		}
	}
	return 0
}
