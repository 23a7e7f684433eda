package datarace

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/locks"
)

//go:embed doc.go
var doc string

// Analyzer is the datarace check.
var Analyzer = &analysis.Analyzer{
	Name:     "datarace",
	Doc:      checkdoc.MustExtract(doc, "datarace"),
	URL:      "https://github.com/msvclint/msvclint/blob/main/analyzers/datarace/doc.go",
	Requires: []*analysis.Analyzer{inspect.Analyzer, concurrency.Analyzer, locks.Analyzer},
	Run:      runner.Wrap(run),
}

// The categories, one per rule.
const (
	catCaptured = "captured-var"
	catShared   = "shared-map-slice"
	catEntry    = "entry-point"
	catGuarded  = "guarded-field"
	catWait     = "waitgroup"
	catParallel = "parallel-test"
)

// checker holds what every rule reads.
type checker struct {
	pass     *analysis.Pass
	conc     *concurrency.Result
	locks    *locks.Result
	reported map[reportKey]bool
	maySync  map[*types.Func]bool
}

type reportKey struct {
	pos ast.Node
	cat string
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		conc:     pass.ResultOf[concurrency.Analyzer].(*concurrency.Result),
		locks:    pass.ResultOf[locks.Analyzer].(*locks.Result),
		reported: map[reportKey]bool{},
		maySync:  map[*types.Func]bool{},
	}
	generated := generatedFiles(pass)
	if len(c.conc.Spawns) > 0 {
		c.capturedVars(generated)
		c.waitGroups(generated)
	}
	if len(c.conc.Entries) > 0 {
		c.entryPoints(generated)
	}
	if len(c.locks.Accesses) > 0 {
		c.guardedFields(generated)
	}
	c.parallelTests(generated)
	return nil, nil
}

// report emits one finding at node, once per node and category.
func (c *checker) report(node ast.Node, cat, msg string, related ...analysis.RelatedInformation) {
	k := reportKey{node, cat}
	if c.reported[k] {
		return
	}
	c.reported[k] = true
	c.pass.Report(analysis.Diagnostic{
		Pos: node.Pos(), End: node.End(), Category: cat, Message: msg, Related: related,
	})
}

func related(n ast.Node, msg string) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: n.Pos(), End: n.End(), Message: msg}
}

// generatedFiles returns a predicate for nodes in generated files.
func generatedFiles(pass *analysis.Pass) func(ast.Node) bool {
	gen := map[*ast.File]bool{}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			gen[f] = true
		}
	}
	return func(n ast.Node) bool {
		for f := range gen {
			if f.FileStart <= n.Pos() && n.Pos() < f.FileEnd {
				return true
			}
		}
		return false
	}
}

type analysisRelated = analysis.RelatedInformation

// exprString renders a short expression for a message.
func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.StarExpr:
		return exprString(e.X)
	case *ast.ParenExpr:
		return exprString(e.X)
	}
	return "the value"
}
