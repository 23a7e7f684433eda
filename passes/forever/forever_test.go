package forever_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/forever"
)

// probe reports every function of the package the pass marks.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the functions that start a goroutine with no way out on every call",
	Requires: []*analysis.Analyzer{forever.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[forever.Analyzer].(*forever.Result)
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if s := r.Of(pass.TypesInfo.Defs[fd.Name].(*types.Func)); s != nil {
					pass.Reportf(fd.Pos(), "%s: %s", fd.Name.Name, s)
				}
			}
		}
		return nil, nil
	},
}

// TestStarts: a start on every returning path marks the function and its
// callers, across packages; a start on one branch, or of a goroutine that
// can return, does not.
func TestStarts(t *testing.T) {
	analysistest.Run(t, testcorpus.Dir(), probe, "forever/lib", "forever/use")
}
