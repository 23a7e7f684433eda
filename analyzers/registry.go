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
