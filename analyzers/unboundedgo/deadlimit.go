package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// liveAcquire returns the first call in n that bounds goroutines
// (limits.Acquirers) on a limiter that may be set, or nil.
func (c *checker) liveAcquire(n ast.Node) *ast.CallExpr {
	call, _ := c.acquires(n)
	return call
}

// acquires returns the first acquire in n on a limiter that may be set,
// and the first on a limiter field nothing in the package assigns.
func (c *checker) acquires(n ast.Node) (live, dead *ast.CallExpr) {
	if n == nil || isNilNode(n) {
		return nil, nil
	}
	ast.Inspect(n, func(m ast.Node) bool {
		call, ok := m.(*ast.CallExpr)
		if !ok || !limits.Is(calleeFunc(c.pass.TypesInfo, call), limits.Acquirers) {
			return live == nil
		}
		if c.deadLimiter(call) != nil {
			dead = cmpOr(dead, call)
		} else {
			live = call
		}
		return live == nil
	})
	return live, dead
}

func cmpOr(a, b *ast.CallExpr) *ast.CallExpr {
	if a != nil {
		return a
	}
	return b
}

// deadLimiter returns the field an acquire is called on when it is an
// unexported field of one of the package's named types that nothing in
// the package assigns, and a nil check guards the acquire (if u.limiter !=
// nil): the field is nil in every object, and the check always skips it.
func (c *checker) deadLimiter(call *ast.CallExpr) *types.Var {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	recv, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	selection := c.pass.TypesInfo.Selections[recv]
	if selection == nil || selection.Kind() != types.FieldVal {
		return nil
	}
	f, ok := selection.Obj().(*types.Var)
	if !ok || f.Exported() || f.Pkg() != c.pass.Pkg || c.assignedFields()[f.Origin()] {
		return nil
	}
	if _, named := types.Unalias(typesutil.Deref(selection.Recv())).(*types.Named); !named {
		return nil
	}
	if _, isPtr := f.Type().Underlying().(*types.Pointer); !isPtr {
		return nil // a limiter held by value works from its zero value
	}
	if !c.nilGuarded(call, recv) {
		return nil // unguarded, a nil limiter panics rather than letting all through
	}
	return f
}

// nilGuarded reports whether call runs only inside if x != nil, for the
// limiter x it is called on.
func (c *checker) nilGuarded(call ast.Node, x ast.Expr) bool {
	f := c.file(call.Pos())
	if f == nil {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(f, call.Pos(), call.End())
	for i, n := range path {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || i == 0 || path[i-1] != ifs.Body {
			continue
		}
		cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if ok && cond.Op == token.NEQ && isNilIdent(c, cond.Y) && types.ExprString(cond.X) == types.ExprString(x) {
			return true
		}
	}
	return false
}

func isNilIdent(c *checker, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := c.pass.TypesInfo.Uses[id].(*types.Nil)
	return isNil
}

// deadLimit reports a goroutine started on every turn of a loop whose only
// bound is an acquire on a limiter field that is never set (containerd's
// unpacker, whose limiter nothing assigned from MaxConcurrentDownloads):
// the code means to bound the goroutines and bounds none.
func (c *checker) deadLimit(s *concurrency.Spawn) bool {
	if !c.repeats(s) {
		return false
	}
	for _, loop := range c.loopsAround(s) {
		_, deadOut := c.acquires(loopBody(loop))
		_, deadIn := c.acquires(s.Body)
		dead := cmpOr(deadOut, deadIn)
		if dead == nil || c.limited(s, loop) {
			continue
		}
		f := c.deadLimiter(dead)
		c.pass.Report(analysis.Diagnostic{
			Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryUnbounded,
			Message: fmt.Sprintf("starts a goroutine on every turn of the loop, and the limiter meant to bound them, %s, is never assigned anywhere in the package, so it is always nil and every goroutine runs at once; set %s where the %s is made",
				types.ExprString(dead.Fun.(*ast.SelectorExpr).X), f.Name(), recvTypeName(c, dead)),
			Related: []analysis.RelatedInformation{{Pos: dead.Pos(), Message: "the acquire that never runs"}},
		})
		c.reported[s.Node] = true
		return true
	}
	return false
}

func recvTypeName(c *checker, call *ast.CallExpr) string {
	recv := ast.Unparen(call.Fun).(*ast.SelectorExpr).X.(*ast.SelectorExpr)
	if named, ok := types.Unalias(typesutil.Deref(c.pass.TypesInfo.Selections[recv].Recv())).(*types.Named); ok {
		return named.Obj().Name()
	}
	return "object"
}
