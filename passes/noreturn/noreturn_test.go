package noreturn_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/noreturn"
)

// probe reports every call the pass says never returns.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report calls that never return",
	Requires: []*analysis.Analyzer{noreturn.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		nr := pass.ResultOf[noreturn.Analyzer].(*noreturn.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && nr.Never(typeutil.StaticCallee(pass.TypesInfo, call)) {
					pass.Reportf(call.Pos(), "never returns")
				}
				return true
			})
		}
		return nil, nil
	},
}

// TestNever: ctrlflow's facts (a helper of another package that always
// exits, a local one that panics or loops) and the table (a logger's Fatal,
// whose stub returns) both end a path; a conditional exit does not.
func TestNever(t *testing.T) {
	analysistest.Run(t, testcorpus.Dir(), probe, "noreturn/use")
}
