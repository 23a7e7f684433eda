package mutablecache

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// cloneNames are the names that promise a copy a caller may change freely.
var cloneNames = map[string]bool{"Clone": true, "Copy": true, "DeepCopy": true, "DeepClone": true}

// shallowClones reports a Clone (Copy, DeepCopy) that builds a new map but
// puts the original's slice or map values in it: the copy and the original
// share every value, so a change through one shows in the other.
func (c *checker) shallowClones() {
	for _, up := range c.instrs().updates {
		fn := up.Parent()
		if fn.Parent() != nil || !cloneNames[fn.Name()] || c.file(fn.Pos()) == nil || saysShallow(fn) {
			continue
		}
		if _, fresh := up.Map.(*ssa.MakeMap); !fresh || !refValue(up.Value.Type()) {
			continue
		}
		if src := rangedParamMap(up.Value); src != nil {
			c.reportShallowClone(fn, up, src)
		}
	}
}

// saysShallow reports whether fn's doc comment calls it a shallow copy.
func saysShallow(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	return ok && decl.Doc != nil && strings.Contains(strings.ToLower(decl.Doc.Text()), "shallow")
}

// refValue reports whether a map value of type t shares memory when copied:
// a slice or a map.
func refValue(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map:
		return true
	}
	return false
}

// rangedParamMap is the parameter (or receiver) map v is a value of, taken
// by a range over it.
func rangedParamMap(v ssa.Value) *ssa.Parameter {
	ex, ok := v.(*ssa.Extract)
	if !ok || ex.Index != 2 {
		return nil
	}
	next, ok := ex.Tuple.(*ssa.Next)
	if !ok {
		return nil
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok {
		return nil
	}
	p, _ := rng.X.(*ssa.Parameter)
	return p
}

func (c *checker) reportShallowClone(fn *ssa.Function, up *ssa.MapUpdate, src *ssa.Parameter) {
	kind := "slice"
	clone := "slices.Clone"
	if _, ok := up.Value.Type().Underlying().(*types.Map); ok {
		kind, clone = "map", "maps.Clone"
	}
	d := analysis.Diagnostic{
		Pos: up.Pos(), Category: CategoryShallowClone,
		Message: fmt.Sprintf("%s copies %s but not its %s values: the copy and the original share each %s, so a change made through one shows in the other; store %s of each value",
			funcName(fn), src.Name(), c.typeString(up.Value.Type()), kind, clone),
	}
	if e := c.mapValueExpr(up); e != nil {
		d.Pos, d.End = e.Pos(), e.End()
		d.SuggestedFixes = c.wrapFix(e, clone)
	}
	c.pass.Report(d)
}

// mapValueExpr is the right-hand side of the assignment m[k] = v at up.
func (c *checker) mapValueExpr(up *ssa.MapUpdate) ast.Expr {
	for _, n := range c.path(up.Pos()) {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if _, isIndex := as.Lhs[0].(*ast.IndexExpr); isIndex {
				if id, ok := as.Rhs[0].(*ast.Ident); ok {
					return id
				}
			}
			return nil
		}
	}
	return nil
}
