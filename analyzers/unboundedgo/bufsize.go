package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
)

// sizedBuffer is a channel made with a buffer of len(x) in one function.
type sizedBuffer struct {
	ch   types.Object
	make *ast.CallExpr
	x    string // the expression whose length sizes the buffer
}

// dataSizedBuffers reports a channel whose buffer is sized by the length
// of one collection while its senders are started per item of another,
// when the maker waits for the senders (wg.Wait, g.Wait) before anything
// receives: once the buffer is full the remaining senders block, and the
// Wait waits for them forever. An empty collection makes the channel
// unbuffered, and then the first send already blocks.
func (c *checker) dataSizedBuffers() {
	c.in.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		body := astutil.FuncBody(n)
		if body == nil || c.generated(n.Pos()) {
			return
		}
		for _, b := range c.sizedBuffers(body) {
			c.checkSizedBuffer(body, b)
		}
	})
}

// sizedBuffers finds ch := make(chan T, len(x)) directly in body's function.
func (c *checker) sizedBuffers(body *ast.BlockStmt) []sizedBuffer {
	var out []sizedBuffer
	ast.Inspect(body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		mk, ok2 := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || !ok2 || len(mk.Args) != 2 || !c.isBuiltin(mk.Fun, "make") {
			return true
		}
		size, ok := ast.Unparen(mk.Args[1]).(*ast.CallExpr)
		if !ok || len(size.Args) != 1 || !c.isBuiltin(size.Fun, "len") {
			return true
		}
		if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
			out = append(out, sizedBuffer{ch: obj, make: mk, x: types.ExprString(size.Args[0])})
		}
		return true
	})
	return out
}

func (c *checker) isBuiltin(fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// checkSizedBuffer looks for a sender started per item of another
// collection and a Wait before the first receive.
func (c *checker) checkSizedBuffer(body *ast.BlockStmt, b sizedBuffer) {
	var other *ast.RangeStmt
	var lastSpawn token.Pos
	var loops []*ast.RangeStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			loops = append(loops, n)
		case *ast.GoStmt:
			lit, ok := n.Call.Fun.(*ast.FuncLit)
			if !ok || !c.sendsOnObj(lit.Body, b.ch) {
				return true
			}
			if c.receivesFromObj(lit.Body, b.ch) {
				return false // workers that drain the channel themselves: a queue
			}
			lastSpawn = n.End()
			if r := innermostRange(loops, n); r != nil && c.collection(r.X) && types.ExprString(r.X) != b.x && other == nil {
				other = r
			}
			return false
		}
		return true
	})
	if other == nil || !c.waitsBeforeReceive(body, b.ch, lastSpawn) {
		return
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: b.make.Pos(), End: b.make.End(), Category: CategoryDeadlock,
		Message: fmt.Sprintf("%s has len(%s) slots, but a goroutine per item of %s sends on it and the function waits for them before it receives: when %s has more items (or %s none) the extra sends block and the Wait never returns; size the buffer by len(%s), or receive while the goroutines run",
			b.ch.Name(), b.x, types.ExprString(other.X), types.ExprString(other.X), b.x, types.ExprString(other.X)),
		Related: []analysis.RelatedInformation{{Pos: other.Pos(), Message: "the senders start here"}},
	})
}

// innermostRange returns the last range statement of loops that encloses n.
func innermostRange(loops []*ast.RangeStmt, n ast.Node) *ast.RangeStmt {
	for i := len(loops) - 1; i >= 0; i-- {
		if loops[i].Body.Pos() <= n.Pos() && n.End() <= loops[i].Body.End() {
			return loops[i]
		}
	}
	return nil
}

func (c *checker) sendsOnObj(body *ast.BlockStmt, ch types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if s, ok := n.(*ast.SendStmt); ok {
			if id, ok := ast.Unparen(s.Chan).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == ch {
				found = true
			}
		}
		return !found
	})
	return found
}

// waitsBeforeReceive reports whether body calls a Wait of a WaitGroup or
// group after the last spawn and before any receive from ch, outside the
// goroutines.
func (c *checker) waitsBeforeReceive(body *ast.BlockStmt, ch types.Object, after token.Pos) bool {
	wait, recv := token.NoPos, token.NoPos
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if n.Pos() > after && !wait.IsValid() && limits.Is(calleeFunc(c.pass.TypesInfo, n), limits.Joiners) {
				wait = n.Pos()
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.ARROW && c.pass.TypesInfo.Uses[id] == ch && !recv.IsValid() {
				recv = n.Pos()
			}
		case *ast.RangeStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == ch && !recv.IsValid() {
				recv = n.Pos()
			}
		}
		return true
	})
	return wait.IsValid() && (!recv.IsValid() || wait < recv)
}

// collection reports whether x is ranged over item by item: a slice, an
// array, a map or a channel, not a count of workers.
func (c *checker) collection(x ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(x)
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map, *types.Chan, *types.Pointer:
		return true
	}
	return false
}

func (c *checker) receivesFromObj(body *ast.BlockStmt, ch types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		var x ast.Expr
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				x = n.X
			}
		case *ast.RangeStmt:
			x = n.X
		}
		if id, ok := x.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == ch {
			found = true
		}
		return !found
	})
	return found
}
