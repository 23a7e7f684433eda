package concurrency_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/concurrency"
)

func testdata() string {
	return testcorpus.Dir()
}

// show reports the pass's result as diagnostics so that fixtures can state it
// with // want comments.
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "report the concurrency result, for tests",
	Requires: []*analysis.Analyzer{concurrency.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
		for _, s := range r.Spawns {
			msg := "spawn " + string(s.Kind)
			if s.Loop != nil {
				msg += " in loop"
			}
			if id, ok := s.Recv.(*ast.Ident); ok {
				msg += " recv=" + id.Name
			}
			if s.Fn != nil && s.Body != nil {
				msg += " body=" + s.Fn.Name()
			}
			pass.Reportf(s.Node.Pos(), "%s", msg)
		}
		for _, e := range r.Entries {
			pass.Reportf(e.Node.Pos(), "entry %s", e.Kind)
		}
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if why := r.Concurrent(fd); why != nil {
						pass.Reportf(fd.Pos(), "concurrent: %s", describe(why))
					}
					if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && r.Decl(fn) != fd {
						pass.Reportf(fd.Pos(), "Decl does not find %s", fn.Name())
					}
				}
			}
		}
		return nil, nil
	},
}

func describe(why *concurrency.Reason) string {
	s := "spawn"
	if why.Entry != nil {
		s = "entry"
	}
	if why.Via.IsValid() {
		s += " via call"
	}
	return s
}

func TestResult(t *testing.T) {
	analysistest.Run(t, testdata(), show, "concurrency/result", "concurrency/service", "concurrency/usewrap")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(), concurrency.Analyzer, "concurrency/wrap")
}

func ExampleSpawnsArg() {
	fmt.Println(&concurrency.SpawnsArg{Params: []int{0, 2}})
	// Output: spawnsArg[0 2]
}
