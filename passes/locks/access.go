package locks

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// exprs records the accesses in n, which executes with held locks, and walks
// the function literals in it.
func (w *walker) exprs(n ast.Node, held Set) {
	if n == nil || isNilNode(n) {
		return
	}
	writes, skip := writesIn(w.pass.TypesInfo, n)
	lockedLits := w.lockedLits(n)
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			w.lit(m, held, lockedLits[m])
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
func (w *walker) lit(lit *ast.FuncLit, held Set, extra Set) {
	in := held
	if w.spawned[lit] {
		in = Set{}
	}
	if len(extra) > 0 {
		in = union(in, extra)
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
// (a map or slice element write counts as a write of the map or slice) and
// delete's map. Operands of & are skipped: what happens through the pointer (an
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

// markCall marks delete's map as written. A pointer method called on a
// field (s.tree.match()) is not counted as a write: most such methods only
// read, and guessing wrong would report reads as races.
func markCall(info *types.Info, call *ast.CallExpr, mark func(ast.Expr)) {
	if fun, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[fun].(*types.Builtin); ok && b.Name() == "delete" && len(call.Args) > 0 {
			mark(call.Args[0])
		}
	}
}

// lockedLits finds function literals passed to a call together with a lock
// (withLock(&mu, func() {...}), do(mu.RLocker(), func() {...})): the callee
// presumably runs them with that lock held, and assuming so can only hide
// findings.
func (w *walker) lockedLits(n ast.Node) map[*ast.FuncLit]Set {
	var out map[*ast.FuncLit]Set
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			lock := Set{}
			var lits []*ast.FuncLit
			for _, a := range m.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
					lits = append(lits, lit)
				} else if ref, mode, ok := w.lockArg(a); ok {
					lock[ref] = mode
				}
			}
			if len(lock) > 0 && len(lits) > 0 {
				if out == nil {
					out = map[*ast.FuncLit]Set{}
				}
				for _, lit := range lits {
					out[lit] = lock
				}
			}
		}
		return true
	})
	return out
}

// lockArg recognizes an argument that hands over a lock: &mu, a *sync.Mutex
// or sync.Locker variable, mu.RLocker().
func (w *walker) lockArg(a ast.Expr) (Ref, Mode, bool) {
	info := w.pass.TypesInfo
	a = ast.Unparen(a)
	if call, ok := a.(*ast.CallExpr); ok {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if ok && fn != nil && fn.Name() == "RLocker" && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
			if ref, ok := methodRecvRef(info, sel); ok {
				return ref, Shared, true
			}
		}
		return Ref{}, 0, false
	}
	t := info.TypeOf(a)
	if t == nil || !isLocker(t) {
		return Ref{}, 0, false
	}
	if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
		a = u.X
	}
	ref, ok := refOf(info, a)
	return ref, Exclusive, ok
}

func isLocker(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok && ks.IsMutex(p.Elem()) {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Locker"
}

func union(a, b Set) Set {
	out := Set{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = max(out[k], v)
	}
	return out
}
