package datarace

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// walkFunc visits the nodes of a function body with the innermost statement
// around each, without entering nested function literals: they run at times
// this local reasoning cannot place (deferred, stored, passed to Once.Do).
func walkFunc(body *ast.BlockStmt, visit func(n ast.Node, stmt ast.Stmt)) {
	var stack []ast.Stmt
	var nodes []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if last := nodes[len(nodes)-1]; len(stack) > 0 && last == stack[len(stack)-1] {
				stack = stack[:len(stack)-1]
			}
			nodes = nodes[:len(nodes)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		nodes = append(nodes, n)
		if s, ok := n.(ast.Stmt); ok {
			stack = append(stack, s)
		}
		var stmt ast.Stmt
		if len(stack) > 0 {
			stmt = stack[len(stack)-1]
		}
		visit(n, stmt)
		return true
	})
}

// syncBetween reports whether a synchronization may happen in body between
// from and to (in source order): a channel operation, a select, a wait, an
// atomic, a call that might do any of these. Lock operations are not listed:
// lock sets account for them. When unsure, it says yes.
func (c *checker) syncBetween(body ast.Node, from, to token.Pos) bool {
	return c.syncBetweenExcept(body, from, to, nil)
}

// syncBetweenExcept is syncBetween leaving out the nodes skip selects.
func (c *checker) syncBetweenExcept(body ast.Node, from, to token.Pos, skip func(ast.Node) bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= from || n.Pos() >= to {
			return false
		}
		if _, ok := n.(*ast.DeferStmt); ok {
			return false // runs at return
		}
		if skip != nil && skip(n) {
			return false
		}
		found = n.Pos() >= from && c.isSync(n)
		return !found
	})
	return found
}

func (c *checker) isSync(n ast.Node) bool {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.SendStmt, *ast.SelectStmt:
		return true
	case *ast.RangeStmt:
		_, ok := info.TypeOf(n.X).Underlying().(*types.Chan)
		return ok
	case *ast.CallExpr:
		return c.callMaySync(n)
	}
	return false
}

// callMaySync reports whether a call may synchronize with another goroutine.
// Calls of this package's functions and of function values may do anything;
// library calls are trusted not to unless the knowledge table says they do
// or they are handed something to synchronize with (a channel, a function,
// a value holding a sync type).
func (c *checker) callMaySync(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false // conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "close"
		}
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return true // a function value
	}
	if ks.LockOpOf(fn) != ks.NoLockOp {
		return false
	}
	if ks.IsSyncPoint(fn) {
		return true
	}
	if fn.Pkg() == c.pass.Pkg {
		return c.bodyMaySync(fn.Origin())
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		if holdsSync(info.TypeOf(sel.X), 0) {
			return true
		}
	}
	for _, a := range call.Args {
		if holdsSync(info.TypeOf(a), 0) {
			return true
		}
	}
	return false
}

// maxTypeDepth bounds the walk into nested types: synchronization buried
// deeper than a few levels of fields is not what a reader sees either.
const maxTypeDepth = 3

// holdsSync reports whether a value of type t can carry synchronization: a
// channel, a function, or a struct holding a sync type.
func holdsSync(t types.Type, depth int) bool {
	if t == nil || depth > maxTypeDepth {
		return false
	}
	if ks.IsSafeType(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Pointer:
		return holdsSync(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsSync(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// after reports whether the statement containing pos runs after the
// statement containing spawn, in the same execution of body: both sit in one
// statement list, spawn's statement first. Statements in other branches of
// an if or switch, or before spawn, never count.
func after(body *ast.BlockStmt, spawn ast.Node, pos token.Pos) bool {
	list := body.List
	for {
		si, pi := indexOf(list, spawn.Pos()), indexOf(list, pos)
		if si < 0 || pi < 0 {
			return false
		}
		if si != pi {
			return si < pi
		}
		list = innerList(list[si], spawn.Pos(), pos)
		if list == nil {
			return false
		}
	}
}

func indexOf(list []ast.Stmt, pos token.Pos) int {
	for i, s := range list {
		if s.Pos() <= pos && pos < s.End() {
			return i
		}
	}
	return -1
}

// innerList finds the statement list directly inside s that contains both
// positions.
func innerList(s ast.Stmt, a, b token.Pos) []ast.Stmt {
	var out []ast.Stmt
	in := func(n ast.Node) bool { return n.Pos() <= a && a < n.End() && n.Pos() <= b && b < n.End() }
	ast.Inspect(s, func(n ast.Node) bool {
		if out != nil || n == nil || !in(n) {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if list, ok := astutil.StmtList(n); ok {
			out = list
		}
		return out == nil
	})
	return out
}

// bodyMaySync reports whether a function of this package may synchronize:
// its body has a synchronizing operation or call. A function without a body
// here (an interface method, assembly) may.
func (c *checker) bodyMaySync(fn *types.Func) bool {
	if v, ok := c.maySync[fn]; ok {
		return v
	}
	d := c.conc.Decl(fn)
	if d == nil || d.Body == nil {
		return true
	}
	c.maySync[fn] = false // a recursive call adds nothing
	found := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		found = c.isSync(n)
		return !found
	})
	c.maySync[fn] = found
	return found
}
