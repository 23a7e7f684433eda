package lockset_test

import (
	"fmt"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/lockset"
)

// show reports each function's own accesses with the locks held, the
// accesses its calls bring in (at the call), and the goroutines it starts,
// so that fixtures state them with // want comments.
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "report the lock sets, accesses and goroutines lockset computes, for tests",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			sum := r.Summary(fn)
			for _, a := range sum.Accesses {
				where := a.Pos
				prefix := ""
				if a.Depth > 0 {
					where, prefix = a.Instr.Pos(), "via: "
				}
				pass.Reportf(where, "%s%s %s held %s%s", prefix, a.Kind, a.Path, a.Held, waits(a.Waits))
			}
			for _, sp := range sum.Spawns {
				if sp.Instr.Parent() == fn {
					pass.Reportf(sp.Instr.Pos(), "go %s: %d accesses%s", sp.Fn.Name(), len(sp.Accesses), loop(sp.Loop))
				}
			}
		}
		return nil, nil
	},
}

func waits(s lockset.Set) string {
	if len(s) == 0 {
		return ""
	}
	return " after " + s.String()
}

func loop(b bool) string {
	if b {
		return " in a loop"
	}
	return ""
}

func TestBasic(t *testing.T) {
	analysistest.Run(t, testcorpus.Dir(), show, "lockset/basic")
}

var _ = fmt.Sprint
var _ types.Object
