// Package analyzers is the registry: the one list of the msvclint suite.
package analyzers

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/msvclint/msvclint/analyzers/datarace"
	"github.com/msvclint/msvclint/analyzers/diboilerplate"
	"github.com/msvclint/msvclint/analyzers/mutablecache"
	"github.com/msvclint/msvclint/analyzers/unboundedgo"
)

// Checks returns msvclint's own checks, sorted by name.
func Checks() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		datarace.Analyzer,
		diboilerplate.Analyzer,
		mutablecache.Analyzer,
		unboundedgo.Analyzer,
	}
}

// Whole returns the whole-run steps of the checks that have one, for a
// driver that analyzes every package of a run in one process: diboilerplate
// compares packages that do not import each other there.
func Whole() map[*analysis.Analyzer]func(results []any, reported [][]analysis.Diagnostic) [][]analysis.Diagnostic {
	return map[*analysis.Analyzer]func([]any, [][]analysis.Diagnostic) [][]analysis.Diagnostic{
		diboilerplate.Analyzer: diboilerplate.Whole,
	}
}

// Vet returns go vet's standard suite. A -vettool replaces go vet's own
// analyzers, so msvclint carries them in that mode: switching loses nothing.
func Vet() []*analysis.Analyzer {
	return vet.Suite
}

// Lookup returns the check named name, or nil.
func Lookup(name string) *analysis.Analyzer {
	for _, a := range Checks() {
		if a.Name == name {
			return a
		}
	}
	return nil
}
