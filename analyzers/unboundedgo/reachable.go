package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/msvclint/msvclint/passes/concurrency"
)

// foreverFromRequest reports a goroutine with no path that returns,
// started by a function of the package that a request handler reaches
// through static calls: every request that gets there leaks one, as in
// the handler's own body. Starts that may run once (behind a test of the
// object's state, in a callback such as sync.Once.Do's, or in a function
// some call site hands out as a callback) are left alone.
func (c *checker) foreverFromRequest(s *concurrency.Spawn) bool {
	fd, ok := s.Encl.(*ast.FuncDecl)
	if !ok || s.Body == nil {
		return false
	}
	e, scope := c.requestScope(c.ssaFunc(fd))
	if e == nil || scope == e {
		return false // not on a request path, or the handler itself: foreverPerRequest's
	}
	fn := c.ssaFunc(s.Body)
	if fn == nil || c.ops.CanReturn(fn, nil) || c.guardedStart(fd, s.Node) {
		return false
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine started here has no path that returns, and %s runs on the request path of %s, so every request that reaches it leaks one; give the goroutine an exit on ctx.Done() or on a closed channel, or start it once",
			fd.Name.Name, entryName(e)),
		Related: []analysis.RelatedInformation{{Pos: e.Node.Pos(), Message: "the " + string(e.Kind) + " whose calls reach it"}},
	})
	c.reported[s.Node] = true
	return true
}

// guardedStart reports whether the spawn sits under an if, or after an if
// whose body returns: a start made once per object (if s.started {
// return }) rather than once per call.
func (c *checker) guardedStart(fd *ast.FuncDecl, spawn ast.Node) bool {
	f := c.file(spawn.Pos())
	if f == nil {
		return true
	}
	path, _ := astutil.PathEnclosingInterval(f, spawn.Pos(), spawn.End())
	for _, n := range path {
		if n == fd {
			break
		}
		switch n.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return true
		}
	}
	guarded := false
	for _, st := range fd.Body.List {
		if st.Pos() >= spawn.Pos() {
			break
		}
		if ifs, ok := st.(*ast.IfStmt); ok && returns(ifs.Body) {
			guarded = true
		}
	}
	return guarded
}

func returns(b *ast.BlockStmt) bool {
	for _, st := range b.List {
		if _, ok := st.(*ast.ReturnStmt); ok {
			return true
		}
	}
	return false
}

// calledDirectly reports whether every reference to fn in the package is
// a plain call outside function literals handed to other calls (a
// sync.Once.Do callback runs once, whoever calls the function holding it).
func (c *checker) calledDirectly(fn *types.Func) bool {
	ok := true
	c.in.WithStack([]ast.Node{(*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		id := n.(*ast.Ident)
		if !push || !ok || c.pass.TypesInfo.Uses[id] != fn {
			return true
		}
		ok = isCallee(id, stack) && !inHandedClosure(stack)
		return true
	})
	return ok
}

// isCallee reports whether the identifier on top of stack is the function
// of a call (f(), x.f()).
func isCallee(id *ast.Ident, stack []ast.Node) bool {
	var fun ast.Node = id
	i := len(stack) - 2
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			fun, i = sel, i-1
		}
	}
	if i < 0 {
		return false
	}
	call, ok := stack[i].(*ast.CallExpr)
	return ok && call.Fun == fun
}

// inHandedClosure reports whether the stack passes through a function
// literal that is an argument of a call.
func inHandedClosure(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		if call, ok := stack[i-1].(*ast.CallExpr); ok {
			for _, a := range call.Args {
				if a == ast.Expr(lit) {
					return true
				}
			}
		}
	}
	return false
}
