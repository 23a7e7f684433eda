package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// condUses is what the package does with one sync.Cond variable or field.
type condUses struct {
	waits   []*ast.CallExpr
	signals int
	known   map[*ast.Ident]bool // uses accounted for: method calls, L, stores
}

// condWaits reports a Cond.Wait on a condition variable that nothing can
// signal: it is an unexported field or a local variable, the package never
// calls its Signal or Broadcast, and it is never handed to other code that
// could. The waiter sleeps forever.
func (c *checker) condWaits() {
	conds := map[types.Object]*condUses{}
	c.in.Preorder([]ast.Node{(*ast.SelectorExpr)(nil)}, func(n ast.Node) {
		sel := n.(*ast.SelectorExpr)
		obj, id := c.condVar(sel.X)
		if obj == nil {
			return
		}
		u := conds[obj]
		if u == nil {
			u = &condUses{known: map[*ast.Ident]bool{}}
			conds[obj] = u
		}
		switch sel.Sel.Name {
		case "Wait", "Signal", "Broadcast", "L":
			u.known[id] = true
		}
		if sel.Sel.Name == "Signal" || sel.Sel.Name == "Broadcast" {
			u.signals++
		}
	})
	c.condWaitCalls(conds)
	for obj, u := range conds {
		if len(u.waits) == 0 || u.signals > 0 || c.condEscapes(obj, u) {
			continue
		}
		for _, w := range u.waits {
			if !c.generatedOnly(w.Pos()) {
				c.reportCondWait(w, obj)
			}
		}
	}
}

// condVar returns the variable or field e names when it is a sync.Cond (or
// a pointer to one) of this package that no other package can reach, and
// the identifier that names it.
func (c *checker) condVar(e ast.Expr) (types.Object, *ast.Ident) {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil, nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Exported() || !isCond(v.Type()) {
		return nil, nil
	}
	if v.Parent() == c.pass.Pkg.Scope() {
		return nil, nil // a package variable: any function may signal it
	}
	return v.Origin(), id
}

func isCond(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Cond"
}

// condWaitCalls records the Wait calls on each condition variable.
func (c *checker) condWaitCalls(conds map[types.Object]*condUses) {
	c.in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Wait" {
			return
		}
		if obj, _ := c.condVar(sel.X); obj != nil && conds[obj] != nil {
			conds[obj].waits = append(conds[obj].waits, call)
		}
	})
}

// condEscapes reports whether some use of obj is neither a method call on
// it, nor its L, nor a store into it: the Cond goes to code that may signal.
func (c *checker) condEscapes(obj types.Object, u *condUses) bool {
	stored := c.condStores(obj)
	for id, o := range c.pass.TypesInfo.Uses {
		if o == obj && !u.known[id] && !stored[id] {
			return true
		}
	}
	return false
}

// condStores collects the identifiers that name obj as the target of an
// assignment or a composite literal key: where the Cond is made.
func (c *checker) condStores(obj types.Object) map[*ast.Ident]bool {
	out := map[*ast.Ident]bool{}
	c.in.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil)}, func(n ast.Node) {
		var targets []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			targets = n.Lhs
		case *ast.KeyValueExpr:
			targets = []ast.Expr{n.Key}
		}
		for _, t := range targets {
			if o, id := c.condVar(t); o == obj {
				out[id] = true
			} else if id, ok := t.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
				out[id] = true
			}
		}
	})
	return out
}

func (c *checker) reportCondWait(w *ast.CallExpr, obj types.Object) {
	name := obj.Name()
	c.pass.Report(analysis.Diagnostic{
		Pos: w.Pos(), End: w.End(), Category: CategoryDeadlock,
		Message: fmt.Sprintf("this Wait on %s waits for a Signal or Broadcast, but nothing calls either on %s and it never leaves the package's code, so the goroutine sleeps forever; call %s.Broadcast where the state it waits for changes",
			name, name, name),
	})
}
