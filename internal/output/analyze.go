package output

import (
	"errors"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Analyze loads the packages matching patterns and runs suite on them, as the
// x/tools driver does: dependencies are loaded from source only when an
// analyzer needs facts from them. It fails when a package (or a dependency)
// does not load or type-check, naming the first problems.
func Analyze(cfg *packages.Config, suite []*analysis.Analyzer, patterns ...string) (*checker.Graph, error) {
	c := *cfg
	c.Mode = packages.LoadSyntax
	if needFacts(suite) {
		c.Mode = packages.LoadAllSyntax
	}
	pkgs, err := packages.Load(&c, patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %q", patterns)
	}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if len(errs) < 10 {
				errs = append(errs, e)
			}
		}
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return checker.Analyze(suite, pkgs, nil)
}

func needFacts(suite []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		for _, r := range a.Requires {
			if visit(r) {
				return true
			}
		}
		return false
	}
	for _, a := range suite {
		if visit(a) {
			return true
		}
	}
	return false
}
