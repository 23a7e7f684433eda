package runner_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/msvclint/msvclint/internal/runner"
)

// toy reports every call to a function named boom, every call to bang in
// category cat, and panics on a call to
// explode, standing in for a real check.
var toy = &analysis.Analyzer{
	Name:     "toy",
	Doc:      "test analyzer",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: runner.Wrap(func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for n := range in.PreorderSeq((*ast.CallExpr)(nil)) {
			call := n.(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); ok {
				switch id.Name {
				case "boom":
					pass.Reportf(call.Pos(), "boom called")
				case "bang":
					pass.Report(analysis.Diagnostic{Pos: call.Pos(), Category: "cat", Message: "bang called"})
				case "explode":
					var m map[string]int
					m["x"]++ //nolint:staticcheck // deliberately panics: the test is about recovery
				}
			}
		}
		return nil, nil
	}),
}

func TestIgnore(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), toy, "ignores")
}

func TestPanicBecomesError(t *testing.T) {
	results := analysistest.Run(&fakeT{t}, analysistest.TestData(), toy, "explodes")
	if len(results) != 1 || results[0].Err == nil {
		t.Fatalf("want one result with an error, got %+v", results)
	}
	msg := results[0].Err.Error()
	for _, want := range []string{"internal error in toy", "explodes", "runner_test.go"} {
		if !contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

// fakeT swallows the analysistest failure that an analyzer error causes, which
// is exactly the outcome this test wants.
type fakeT struct{ *testing.T }

func (f *fakeT) Errorf(string, ...any) {}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// quiet stands in for a pass: it reports nothing and may panic.
var quiet = &analysis.Analyzer{
	Name:     "quiet",
	Doc:      "test pass",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: runner.Recover(func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for n := range in.PreorderSeq((*ast.CallExpr)(nil)) {
			if id, ok := n.(*ast.CallExpr).Fun.(*ast.Ident); ok && id.Name == "explode" {
				var m map[string]int
				m["x"]++ //nolint:staticcheck // deliberately panics: the test is about recovery
			}
		}
		return nil, nil
	}),
}

// TestRecoverOnly: a pass's panic becomes an error naming it, as a check's
// does.
func TestRecoverOnly(t *testing.T) {
	results := analysistest.Run(&fakeT{t}, analysistest.TestData(), quiet, "explodes")
	if len(results) != 1 || results[0].Err == nil || !contains(results[0].Err.Error(), "internal error in quiet") {
		t.Fatalf("want one result with the pass's error, got %+v", results)
	}
}
