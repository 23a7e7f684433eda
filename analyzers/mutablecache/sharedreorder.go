package mutablecache

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// sharedReorders reports a call that reorders or rewrites a slice in place
// (a sort, attribute.NewSet) when the slice is a field or package variable
// that the package also hands, as it is, to another long-lived object
// (hook.attrs = conf.attrs): whoever reads it there sees it move. The type
// that declares the field may manage it in its own methods.
func (c *checker) sharedReorders() {
	shared := c.aliasedPlaces()
	if len(shared) == 0 {
		return
	}
	for _, call := range c.instrs().calls {
		fn := call.Parent()
		if c.file(fn.Pos()) == nil {
			continue
		}
		callee := ssautil.Callee(&call.Call)
		i := -1
		if callee != nil {
			i = caches.ModifiesArg(callee)
		}
		if i < 0 || i >= len(call.Call.Args) {
			continue
		}
		arg := call.Call.Args[i]
		if _, isSlice := arg.Type().Underlying().(*types.Slice); !isSlice {
			continue
		}
		place, _ := slicePlace(arg)
		other, ok := shared[place]
		if !ok || ownsField(fn, place) {
			continue
		}
		c.reportSharedReorder(fn, call, callee, place, other)
	}
}

// aliasedPlaces maps each field or package variable whose slice the package
// stores, as it is, into another field to that other field's store.
func (c *checker) aliasedPlaces() map[types.Object]*ssa.Store {
	out := map[types.Object]*ssa.Store{}
	for _, st := range c.instrs().stores {
		if _, isSlice := st.Val.Type().Underlying().(*types.Slice); !isSlice {
			continue
		}
		from, _ := slicePlace(st.Val)
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if from == nil || !ok {
			continue
		}
		if to := ssautil.FieldOf(fa); to != from && out[from] == nil {
			out[from] = st
		}
	}
	return out
}

// ownsField reports whether fn is a method of the type that declares the
// field place.
func ownsField(fn *ssa.Function, place types.Object) bool {
	v, ok := place.(*types.Var)
	recv := outermost(fn).Signature.Recv()
	if !ok || !v.IsField() || recv == nil {
		return false
	}
	named, ok := types.Unalias(typesutil.Deref(recv.Type())).(*types.Named)
	if !ok {
		return false
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if st.Field(i) == v {
			return true
		}
	}
	return false
}

func (c *checker) reportSharedReorder(fn *ssa.Function, call *ssa.Call, callee *types.Func, place types.Object, other *ssa.Store) {
	to := ssautil.FieldOf(other.Addr.(*ssa.FieldAddr))
	owner := ""
	if st, ok := typesutil.Deref(other.Addr.(*ssa.FieldAddr).X.Type()).(*types.Named); ok {
		owner = st.Obj().Name() + "."
	}
	what := callee.Name()
	if callee.Pkg() != nil {
		what = callee.Pkg().Name() + "." + callee.Name()
	}
	arg := c.callArg(call)
	name := place.Name()
	if src := c.sourceOf(arg); src != "" {
		name = src
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), Category: CategorySharedReorder,
		Message: fmt.Sprintf("%s reorders %s in place (%s rewrites its argument), but the package also keeps that slice as %s%s, whose readers see it change under them; pass a copy, slices.Clone(%s)",
			funcName(fn), name, what, owner, to.Name(), name),
		Related: []analysis.RelatedInformation{c.related(other.Pos(), "the slice is kept as "+owner+to.Name()+" here")},
	}
	if arg != nil {
		d.Pos, d.End = arg.Pos(), arg.End()
		// A copy is a fix only where the call's result is the point; a
		// sort of a copy would be thrown away.
		if sig, ok := callee.Type().(*types.Signature); ok && sig.Results().Len() > 0 {
			d.SuggestedFixes = c.wrapFix(arg, "slices.Clone")
		}
	}
	c.pass.Report(d)
}

// callArg is the argument expression of the call at call.Pos() that
// carries the slice: the spread one (f(xs...)) or the only one.
func (c *checker) callArg(call *ssa.Call) ast.Expr {
	ce := c.callExprAt(call.Pos())
	if ce == nil || len(ce.Args) == 0 {
		return nil
	}
	if ce.Ellipsis.IsValid() {
		return ce.Args[len(ce.Args)-1]
	}
	return ce.Args[0]
}
