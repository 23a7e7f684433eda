package datarace

import (
	"go/ast"
	"go/token"
	"go/types"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/locks"
)

type useKind int

const (
	useRead      useKind = iota
	useWrite             // the variable itself is assigned
	useElemWrite         // an element of the map or slice it holds is written
)

// use is one occurrence of a local variable in a function body.
type use struct {
	node ast.Node // the identifier, or the return statement writing a named result
	kind useKind
	held locks.Set
	// appended is set for v = append(v, ...).
	appended bool
}

// uses collects the occurrences of the variables selected by want in body,
// outside nested function literals. Operands of & are left out: what is done
// through the pointer is unknown.
func (c *checker) uses(body *ast.BlockStmt, want func(*types.Var) bool) map[*types.Var][]use {
	info := c.pass.TypesInfo
	kinds, addr, appends := classify(info, body)
	out := map[*types.Var][]use{}
	walkFunc(body, func(n ast.Node, stmt ast.Stmt) {
		id, ok := n.(*ast.Ident)
		if !ok || addr[id] {
			return
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || ks.IsSafeType(v.Type()) || !want(v) {
			return
		}
		out[v] = append(out[v], use{node: id, kind: kinds[id], held: c.held(stmt), appended: appends[id]})
	})
	return out
}

func (c *checker) held(stmt ast.Stmt) locks.Set {
	if stmt == nil {
		return nil
	}
	return c.locks.Before(stmt)
}

// classify finds, in body, the identifiers written, those whose map or slice
// elements are written, those whose address is taken, and those assigned an
// append of themselves.
func classify(info *types.Info, body ast.Node) (kinds map[*ast.Ident]useKind, addr, appends map[*ast.Ident]bool) {
	kinds, addr, appends = map[*ast.Ident]useKind{}, map[*ast.Ident]bool{}, map[*ast.Ident]bool{}
	mark := func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			kinds[e] = useWrite
		case *ast.IndexExpr:
			if id, ok := ast.Unparen(e.X).(*ast.Ident); ok {
				switch info.TypeOf(id).Underlying().(type) {
				case *types.Map, *types.Slice:
					kinds[id] = useElemWrite
				}
			}
		case *ast.SelectorExpr:
			// A field of a struct variable is part of the variable.
			if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && info.Selections[e] != nil {
				if _, ptr := info.TypeOf(id).Underlying().(*types.Pointer); !ptr {
					kinds[id] = useWrite
				}
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				mark(l)
				if len(n.Lhs) == len(n.Rhs) && isSelfAppend(info, l, n.Rhs[i]) {
					appends[ast.Unparen(l).(*ast.Ident)] = true
				}
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range nonNilExprs(n.Key, n.Value) {
					mark(e)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				addr[id] = true
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) > 0 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "delete" {
					mark(&ast.IndexExpr{X: n.Args[0]})
				}
			}
		}
		return true
	})
	return kinds, addr, appends
}

func isSelfAppend(info *types.Info, lhs, rhs ast.Expr) bool {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	call, ok2 := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !ok2 || len(call.Args) == 0 {
		return false
	}
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[fn].(*types.Builtin)
	first, ok2 := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && ok2 && b.Name() == "append" && info.Uses[first] != nil && info.Uses[first] == info.ObjectOf(id)
}

func nonNilExprs(es ...ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// commonLock reports whether a and b hold a lock in common, one of them
// exclusively.
func commonLock(a, b locks.Set) bool {
	for ref, m := range a {
		if n := b[ref]; n > 0 && (m == locks.Exclusive || n == locks.Exclusive) {
			return true
		}
	}
	return false
}
