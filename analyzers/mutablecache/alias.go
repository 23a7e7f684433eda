package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/fixes"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
	"github.com/msvclint/msvclint/passes/mutability"
)

// returnedAlias reports an exported function that returns a slice, map or
// pointer to mutable data straight out of a cache of its own package.
func (c *checker) returnedAlias(f *cache.Func) {
	if !exported(f.Fn) {
		return
	}
	results := f.Fn.Signature.Results()
	for _, b := range f.Fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, v := range ret.Results {
			o, copied := f.Cached[v], false
			if o == nil {
				o, copied = derefOfCached(f, ret, v), true
			}
			if o == nil || o.Unless != nil || !c.ownOrigin(o) {
				continue // a result the caller's clone flag copies is the caller's choice
			}
			t := results.At(i).Type()
			kind := mutability.Kind(t)
			if kind == "" || copied {
				if field, fkind := c.sharedField(t); field != "" {
					c.reportStructCopy(f, ret, i, t, field, fkind, o)
				}
				continue
			}
			if !c.mut.MutableOutside(t) {
				continue
			}
			c.reportReturned(f, ret, i, t, kind, o)
		}
	}
}

// derefOfCached returns the origin of the cached pointer whose struct ret
// returns a copy of (return *p), also through the result slot a function
// with defers stores it in just before returning.
func derefOfCached(f *cache.Func, ret *ssa.Return, v ssa.Value) *cache.Origin {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	if o := f.Cached[u.X]; o != nil {
		return o
	}
	slot, ok := u.X.(*ssa.Alloc)
	if !ok || fieldWritten(slot) {
		return nil // a copy whose fields the function sets has its own
	}
	var last *ssa.Store
	for _, in := range ret.Block().Instrs {
		if st, ok := in.(*ssa.Store); ok && st.Addr == slot {
			last = st
		}
	}
	if last == nil {
		return nil
	}
	if d, ok := last.Val.(*ssa.UnOp); ok && d.Op == token.MUL {
		return f.Cached[d.X]
	}
	return nil
}

// fieldWritten reports whether a field of the local struct is assigned.
func fieldWritten(local *ssa.Alloc) bool {
	for _, ref := range *local.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r := range *fa.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == fa {
				return true
			}
		}
	}
	return false
}

// sharedField names a field through which a struct copied out of a cache
// still shares mutable data with it: a slice, map or pointer to mutable data.
func (c *checker) sharedField(t types.Type) (name, kind string) {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return "", ""
	}
	for f := range st.Fields() {
		if k := mutability.Kind(f.Type()); k != "" && c.mut.MutableOutside(f.Type()) {
			return f.Name(), k
		}
	}
	return "", ""
}

// reportStructCopy reports a struct returned by value from a cache whose
// field still shares a slice, map or pointer with the cached one.
func (c *checker) reportStructCopy(f *cache.Func, ret *ssa.Return, i int, t types.Type, field, kind string, o *cache.Origin) {
	where, related := c.originText(o)
	pos := ret.Pos()
	if rs := c.returnStmt(ret.Pos()); rs != nil && len(rs.Results) == ret.Block().Parent().Signature.Results().Len() {
		pos = rs.Results[i].Pos()
	}
	remedy := "copy it as well"
	if clone := cloneFunc(kind); clone != "" {
		remedy = "set it to " + clone + " of itself in the copy"
	}
	c.returned[pos] = true
	c.pass.Report(analysis.Diagnostic{
		Pos: pos, Category: CategoryReturnedAlias, Related: related,
		Message: fmt.Sprintf("%s returns a copy of the %s held in %s, but its field %s still shares its %s with the cached one; a caller that writes through it changes the value every other caller reads, so %s",
			funcName(f.Fn), c.typeString(t), where, field, kind, remedy),
	})
}

// ownOrigin reports whether cached data comes from this package's cache:
// read here, or through an unexported helper (an exported one reports on its
// own return).
func (c *checker) ownOrigin(o *cache.Origin) bool {
	if o.Storage != nil {
		return true
	}
	return o.Callee != nil && o.Callee.Pkg() == c.pass.Pkg && !o.Callee.Exported()
}

func (c *checker) reportReturned(f *cache.Func, ret *ssa.Return, i int, t types.Type, kind string, o *cache.Origin) {
	name := funcName(f.Fn)
	where, related := c.originText(o)
	var expr ast.Expr
	pos, end := ret.Pos(), ret.Pos()
	if rs := c.returnStmt(ret.Pos()); rs != nil {
		end = rs.End()
		if len(rs.Results) == ret.Block().Parent().Signature.Results().Len() {
			expr = rs.Results[i]
			pos, end = expr.Pos(), expr.End()
		}
	}
	remedy := "return a copy"
	clone := cloneFunc(kind)
	if clone != "" {
		remedy = "return " + clone + " of it"
	}
	d := analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryReturnedAlias,
		Message: fmt.Sprintf("%s returns the %s %s held in %s without copying it; a caller that writes to it changes the value every other caller reads, so %s",
			name, c.typeString(t), kind, where, remedy),
		Related: related,
	}
	if expr != nil && clone != "" {
		d.SuggestedFixes = c.wrapFix(expr, clone)
	}
	c.returned[d.Pos] = true
	c.pass.Report(d)
}

// originText names where cached data comes from, with Related positions.
func (c *checker) originText(o *cache.Origin) (string, []analysis.RelatedInformation) {
	switch {
	case o.Storage != nil:
		rel := []analysis.RelatedInformation{storageDecl(o.Storage)}
		return "cache " + o.Storage.Name(), rel
	case o.Lister:
		return "the informer cache behind " + o.Callee.Name(), nil
	case o.Callee != nil:
		rel := []analysis.RelatedInformation{{Pos: o.Callee.Pos(), Message: o.Callee.Name() + " returns cached data without a copy"}}
		return "the cache behind " + o.Callee.Name(), rel
	}
	return "a cache", nil
}

func (c *checker) returnStmt(pos token.Pos) *ast.ReturnStmt {
	for _, n := range c.path(pos) {
		if rs, ok := n.(*ast.ReturnStmt); ok && rs.Return == pos {
			return rs
		}
	}
	return nil
}

func cloneFunc(kind string) string {
	switch kind {
	case "slice":
		return "slices.Clone"
	case "map":
		return "maps.Clone"
	}
	return ""
}

// storedAlias reports an exported function that keeps a slice or map its
// caller passed in as a cache entry.
func (c *checker) storedAlias(f *cache.Func) {
	if !exported(f.Fn) {
		return
	}
	for _, a := range f.Accesses {
		s := a.Storage
		if a.Op != cache.OpWrite || !s.Cache || s.Lib != nil && s.Lib.Copies {
			continue
		}
		p, ok := ssautil.Unwrap(a.Value).(*ssa.Parameter)
		if !ok {
			c.borrowed(f, a)
			continue
		}
		kind := mutability.Kind(p.Type())
		if kind == "pointer" || kind == "" || !c.mut.Mutable(p.Type()) {
			continue
		}
		c.reportStored(f, a, p, kind)
	}
}

func (c *checker) reportStored(f *cache.Func, a *cache.Access, p *ssa.Parameter, kind string) {
	expr := c.storedExpr(a, p)
	pos, end := a.Pos(), a.Pos()
	if expr != nil {
		pos, end = expr.Pos(), expr.End()
	}
	clone := cloneFunc(kind)
	d := analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryStoredAlias,
		Message: fmt.Sprintf("%s keeps the caller's %s %s %s in cache %s without copying it; when the caller reuses or changes it, the cached entry changes under every reader, so store %s(%s)",
			funcName(f.Fn), c.typeString(p.Type()), kind, p.Name(), a.Storage.Name(), clone, p.Name()),
		Related: []analysis.RelatedInformation{storageDecl(a.Storage)},
	}
	if expr != nil {
		d.SuggestedFixes = c.wrapFix(expr, clone)
	}
	c.pass.Report(d)
}

// storedExpr finds the argument or right-hand side that stores p, when it
// is p itself.
func (c *checker) storedExpr(a *cache.Access, p *ssa.Parameter) ast.Expr {
	for _, n := range c.path(a.Pos()) {
		var cands []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			cands = n.Rhs
		case *ast.CallExpr:
			cands = n.Args
		default:
			continue
		}
		for _, e := range cands {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == p.Object() {
				return e
			}
		}
		return nil
	}
	return nil
}

func (c *checker) wrapFix(expr ast.Expr, clone string) []analysis.SuggestedFix {
	return fixes.Wrap(c.pass, c.file(expr.Pos()), expr, clone)
}

func (c *checker) source(n ast.Node) string { return fixes.Source(c.pass, n) }
