// Package noreturn is the one answer the passes share to "does control come
// back from this call?". It reports nothing.
//
// Two sources agree here: ctrlflow's noReturn facts, which buildssa already
// computes for every package and which follow calls through the call graph
// (a helper that always calls os.Exit, syscall.Exit or runtime.Goexit never
// returns either), and the table limits.NeverReturn, for the functions
// whose exit no body shows: fatal levels of logging libraries, reached
// through hooks and interfaces, and testing's FailNow family, promoted from
// an unexported type.
package noreturn

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/runner"
)

// Analyzer returns a *Result for the package.
var Analyzer = &analysis.Analyzer{
	Name:       "noreturn",
	Doc:        "decide which calls never return, from ctrlflow's facts and one table",
	ResultType: reflect.TypeFor[*Result](),
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	Run:        runner.Recover(run),
}

// Result answers for the static callees of one package.
type Result struct {
	cfgs *ctrlflow.CFGs
}

// Never reports whether a call of fn never returns. It is defined for every
// function this package calls statically, and for functions of the table.
func (r *Result) Never(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	return limits.Is(fn, limits.NeverReturn) || r.cfgs != nil && r.cfgs.NoReturn(fn.Origin())
}

func run(pass *analysis.Pass) (any, error) {
	return &Result{cfgs: pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)}, nil
}
