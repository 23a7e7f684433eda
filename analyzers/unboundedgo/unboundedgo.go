package unboundedgo

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/chanops"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/forever"
	"github.com/msvclint/msvclint/passes/lockset"
)

//go:embed doc.go
var doc string

// Analyzer is the unboundedgo check.
var Analyzer = &analysis.Analyzer{
	Name:     "unboundedgo",
	Doc:      checkdoc.MustExtract(doc, "unboundedgo"),
	URL:      "https://github.com/msvclint/msvclint/blob/main/analyzers/unboundedgo/doc.go",
	Requires: []*analysis.Analyzer{inspect.Analyzer, buildssa.Analyzer, concurrency.Analyzer, chanops.Analyzer, lockset.Analyzer, forever.Analyzer},
	Run:      runner.Wrap(run),
}

// The categories of findings.
const (
	CategoryUnbounded = "unbounded-spawn"
	CategoryLeak      = "leaked-goroutine"
	CategoryForget    = "fire-and-forget"
	CategoryDeadlock  = "deadlock"
)

// checker holds what every rule of one package run needs.
type checker struct {
	pass    *analysis.Pass
	conc    *concurrency.Result
	ops     *chanops.Result
	locks   *lockset.Result
	forever *forever.Result
	ssa     *buildssa.SSA
	in      *inspector.Inspector

	funcsAt      map[token.Pos]*ssa.Function     // by the position of their FuncLit or FuncDecl name
	goAt         map[token.Pos]*ssa.Go           // by the position of the go keyword
	reported     map[ast.Node]bool               // go statements with a finding: one per spawn
	outChans     map[*types.Var]bool             // channel fields some function returns
	callsTo      map[*types.Func][]*ast.CallExpr // static calls by callee, built on first use
	refs         map[*types.Func]bool            // functions production code refers to
	ifaceMethods map[string]bool                 // method names of the package's interfaces
	storedFields map[*types.Var]bool             // fields the package stores into, built on first use
}

func run(pass *analysis.Pass) (any, error) {
	conc := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
	c := &checker{
		pass:     pass,
		conc:     conc,
		ops:      pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		locks:    pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		forever:  pass.ResultOf[forever.Analyzer].(*forever.Result),
		ssa:      pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		in:       pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		funcsAt:  map[token.Pos]*ssa.Function{},
		goAt:     map[token.Pos]*ssa.Go{},
		reported: map[ast.Node]bool{},
	}
	c.index()
	c.relocks()
	c.relocksThroughVars()
	c.blockedUnderLock()
	c.sendsToExitedLoop()
	c.unansweredRequests()
	c.unbalancedAdds()
	c.heldReturns()
	c.missedCleanups()
	c.panicUnlocks()
	c.condWaits()
	c.lockOrders()
	c.nilChannels()
	c.dataSizedBuffers()
	c.goroutineDones()
	c.listenerHandoffs()
	c.earlyReleases()
	c.foreverThroughCalls()
	if len(conc.Spawns) == 0 {
		return nil, nil // no goroutine, nothing to bound or leak
	}
	c.leaks()
	c.spawns()
	return nil, nil
}

func (c *checker) index() {
	for _, fn := range c.ssa.SrcFuncs {
		c.funcsAt[fn.Pos()] = fn
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if g, ok := in.(*ssa.Go); ok {
					c.goAt[g.Pos()] = g
				}
			}
		}
	}
}

// ssaFunc returns the SSA function of a FuncLit or FuncDecl of the package.
func (c *checker) ssaFunc(n ast.Node) *ssa.Function {
	switch n := n.(type) {
	case *ast.FuncLit:
		return c.funcsAt[n.Type.Func]
	case *ast.FuncDecl:
		return c.funcsAt[n.Name.Pos()]
	}
	return nil
}

// generated reports whether pos is in a generated file or a test file. In
// tests a leaked goroutine dies with the test binary, and a goroutine per
// item is the point of a stress test: findings there are noise.
func (c *checker) generated(pos token.Pos) bool {
	f := c.file(pos)
	return f == nil || ast.IsGenerated(f) || strings.HasSuffix(c.pass.Fset.File(pos).Name(), "_test.go")
}

func (c *checker) file(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// nodeAt finds the innermost node of type T in the package's files that
// starts at pos, or the zero T.
func nodeAt[T ast.Node](c *checker, pos token.Pos, want func(T) token.Pos) T {
	var found T
	f := c.file(pos)
	if f == nil || !pos.IsValid() {
		return found
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || n.Pos() > pos || n.End() <= pos {
			return n == nil || n.Pos() <= pos
		}
		if t, ok := n.(T); ok && want(t) == pos {
			found = t
		}
		return true
	})
	return found
}

// objOf resolves an identifier or a field selector to its object, the
// identity that channel, group and listener matching is done on.
func objOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			return sel.Obj()
		}
		return info.ObjectOf(e.Sel)
	case *ast.StarExpr:
		return objOf(info, e.X)
	}
	return nil
}

func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}
