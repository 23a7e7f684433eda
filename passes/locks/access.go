package locks

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	ks "github.com/msvclint/msvclint/internal/knowledge/sync"
)

// exprs records the accesses in n, which executes with held locks, and walks
// the function literals in it.
func (w *walker) exprs(n ast.Node, held Set) {
	if n == nil || isNilNode(n) {
		return
	}
	writes, skip := writesIn(w.pass.TypesInfo, n)
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			w.lit(m, held)
			return false
		case *ast.SelectorExpr:
			if skip[m] {
				return false
			}
			w.selector(m, writes[m], held)
		case *ast.Ident:
			if !skip[m] {
				w.ident(m, writes[m], held)
			}
		case *ast.UnaryExpr:
			if m.Op == token.AND && skip[m.X] {
				return false
			}
		case *ast.CallExpr:
			w.noteCall(m, held)
		}
		return true
	})
}

// noteCall remembers the package's functions called with a lock held.
func (w *walker) noteCall(call *ast.CallExpr, held Set) {
	if !w.record || len(held) == 0 {
		return
	}
	if fn := typeutil.StaticCallee(w.pass.TypesInfo, call); fn != nil && fn.Pkg() == w.pass.Pkg {
		w.r.calledHeld[fn.Origin()] = true
	}
}

func isNilNode(n ast.Node) bool {
	switch n := n.(type) {
	case ast.Expr:
		return n == nil
	case *ast.AssignStmt:
		return n == nil
	}
	return false
}

// lit walks a function literal as a function of its own. One started as a
// goroutine or deferred holds nothing when it starts; any other runs where
// it appears or later, and is assumed to run with the locks held there,
// which can only hide findings.
func (w *walker) lit(lit *ast.FuncLit, held Set) {
	in := held
	if w.spawned[lit] {
		in = Set{}
	}
	inner := *w
	inner.cur, inner.top, inner.exits = lit, false, nil
	inner.function(lit.Body, in)
}

func (w *walker) selector(e *ast.SelectorExpr, write bool, held Set) {
	if !w.record {
		return
	}
	selection := w.pass.TypesInfo.Selections[e]
	var v *types.Var
	if selection == nil {
		v, _ = w.pass.TypesInfo.Uses[e.Sel].(*types.Var)
		if v == nil || !isPackageVar(v) {
			return
		}
	} else if selection.Kind() == types.FieldVal {
		v, _ = selection.Obj().(*types.Var)
	}
	if v == nil || ks.IsSafeType(v.Type()) {
		return
	}
	ref, ok := refOf(w.pass.TypesInfo, e)
	if !ok {
		return
	}
	w.add(e, ref, v, write, held)
}

func (w *walker) ident(id *ast.Ident, write bool, held Set) {
	if !w.record {
		return
	}
	v, ok := w.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || !isPackageVar(v) || ks.IsSafeType(v.Type()) {
		return
	}
	w.add(id, Ref{Root: v}, v, write, held)
}

func (w *walker) add(e ast.Expr, ref Ref, v *types.Var, write bool, held Set) {
	w.r.Accesses = append(w.r.Accesses, &Access{
		Node: e, Ref: ref, Var: v, Write: write, Held: held, Fn: w.cur,
		Fresh: w.fresh(ref.Root),
	})
}

// fresh reports whether root is declared inside the function declaration
// being walked (a local, or a parameter of a nested literal).
func (w *walker) fresh(root types.Object) bool {
	v, ok := root.(*types.Var)
	if !ok || isPackageVar(v) {
		return false
	}
	return w.decl.Body.Lbrace < v.Pos() && v.Pos() < w.decl.Body.Rbrace
}

func isPackageVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// writesIn finds the expressions n writes: assignment and increment targets
// (a map or slice element write counts as a write of the map or slice),
// delete's map, and operands of a pointer method called on an addressable
// value. Operands of & are skipped: what happens through the pointer (an
// atomic add, a decode) is unknown.
func writesIn(info *types.Info, n ast.Node) (writes, skip map[ast.Node]bool) {
	writes, skip = map[ast.Node]bool{}, map[ast.Node]bool{}
	var mark func(e ast.Expr)
	mark = func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			mark(e.X)
		case *ast.SelectorExpr, *ast.Ident:
			writes[e] = true
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if m.Tok != token.DEFINE {
				for _, l := range m.Lhs {
					mark(l)
				}
			}
		case *ast.IncDecStmt:
			mark(m.X)
		case *ast.UnaryExpr:
			if m.Op == token.AND {
				skip[ast.Unparen(m.X)] = true
			}
		case *ast.CallExpr:
			markCall(info, m, mark)
		}
		return true
	})
	return writes, skip
}

func markCall(info *types.Info, call *ast.CallExpr, mark func(ast.Expr)) {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if b, ok := info.Uses[fun].(*types.Builtin); ok && b.Name() == "delete" && len(call.Args) > 0 {
			mark(call.Args[0])
		}
	case *ast.SelectorExpr:
		sel := info.Selections[fun]
		if sel == nil || sel.Kind() != types.MethodVal {
			return
		}
		fn, ok := sel.Obj().(*types.Func)
		if !ok {
			return
		}
		if _, ptr := fn.Signature().Recv().Type().(*types.Pointer); !ptr {
			return
		}
		if _, isPtr := info.TypeOf(fun.X).Underlying().(*types.Pointer); !isPtr {
			mark(fun.X)
		}
	}
}
