package locks_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/locks"
)

func testdata() string {
	return testcorpus.Dir()
}

// show reports every recorded access with the locks held there, so that
// fixtures state the lock sets with // want comments.
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "report the locks held at each access, for tests",
	Requires: []*analysis.Analyzer{locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, a := range r.Accesses {
			msg := "held: " + describe(a.Held)
			if a.Fresh {
				msg += " fresh"
			}
			pass.Reportf(a.Node.Pos(), "%s", msg)
		}
		return nil, nil
	},
}

func describe(s locks.Set) string {
	var parts []string
	for ref, mode := range s {
		m := "W"
		if mode == locks.Shared {
			m = "R"
		}
		parts = append(parts, ref.String()+" "+m)
	}
	if len(parts) == 0 {
		return "none"
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func TestLockSets(t *testing.T) {
	analysistest.Run(t, testdata(), show, "locks/sets", "locks/user")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(), locks.Analyzer, "locks/basic")
}
