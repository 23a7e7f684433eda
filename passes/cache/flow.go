package cache

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
)

// flowCached computes f.Cached and the result indices of f that return
// cached data; it reports whether those indices changed.
func (r *Result) flowCached(f *Func) bool {
	fl := &flow{r: r, cached: map[ssa.Value]*Origin{}}
	fl.seed(f)
	for range 8 * min(len(fl.cached), 1) { // nothing seeded: nothing to follow
		if !fl.propagate(f.Fn) {
			break
		}
	}
	f.Cached = fl.cached
	obj, ok := f.Fn.Object().(*types.Func)
	if !ok || f.Fn.Parent() != nil {
		return false
	}
	idx := returnedIndices(f.Fn, fl.cached)
	if old, seen := r.returns[obj]; seen && slices.Equal(old, idx) || !seen && len(idx) == 0 {
		return false
	}
	r.returns[obj] = idx
	return true
}

type flow struct {
	r      *Result
	cached map[ssa.Value]*Origin
}

func (fl *flow) mark(v ssa.Value, o *Origin) bool {
	if v == nil || fl.cached[v] != nil {
		return false
	}
	fl.cached[v] = o
	return true
}

// markResult marks a call's result: the value itself (idx -1) or the
// extraction of tuple element idx.
func (fl *flow) markResult(v ssa.Value, idx int, o *Origin) bool {
	if idx < 0 {
		return fl.mark(v, o)
	}
	changed := false
	for _, ref := range *v.Referrers() {
		if e, ok := ref.(*ssa.Extract); ok && e.Index == idx {
			changed = fl.mark(e, o) || changed
		}
	}
	return changed
}

func (fl *flow) seed(f *Func) {
	for _, a := range f.Accesses {
		s := a.Storage
		if !s.Cache || s.Lib != nil && s.Lib.Copies {
			continue
		}
		o := &Origin{Storage: s, Access: a}
		switch a.Op {
		case OpRead:
			fl.markResult(a.Value, a.ValueIndex, o)
		case OpLoad:
			fl.mark(a.Value, &Origin{Storage: s, Access: a, Whole: true})
		case OpWrite:
			o.Stored = true
			fl.mark(a.Value, o)
			fl.mark(Unwrap(a.Value), o)
		}
	}
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			callee := Callee(&call.Call)
			if callee == nil {
				continue
			}
			if caches.IsListerRead(callee) {
				fl.markResult(call, resultIndex(callee, 0), &Origin{Callee: callee, Lister: true})
				continue
			}
			for _, i := range fl.r.ReturnsCachedOf(callee) {
				fl.markResult(call, resultIndex(callee, i), &Origin{Callee: callee})
			}
		}
	}
}

// resultIndex maps a result index to markResult's convention.
func resultIndex(fn *types.Func, i int) int {
	if fn.Type().(*types.Signature).Results().Len() == 1 {
		return -1
	}
	return i
}

// propagate follows cached data through the instructions that keep aliasing
// it; it reports whether anything new was marked.
func (fl *flow) propagate(fn *ssa.Function) bool {
	changed := false
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			changed = fl.step(in) || changed
		}
	}
	return changed
}

func (fl *flow) step(in ssa.Instruction) bool {
	c := fl.cached
	switch v := in.(type) {
	case *ssa.ChangeType:
		return c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.MakeInterface:
		return c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.ChangeInterface:
		return c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.TypeAssert:
		if o := c[v.X]; o != nil {
			if v.CommaOk {
				return fl.markResult(v, 0, o)
			}
			return fl.mark(v, o)
		}
	case *ssa.Slice:
		return v.Max == nil && c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.Phi:
		for _, e := range v.Edges {
			if c[e] != nil {
				return fl.mark(v, c[e])
			}
		}
	case *ssa.Field:
		return c[v.X] != nil && aliasing(v.Type()) && fl.mark(v, c[v.X])
	case *ssa.UnOp:
		return v.Op == token.MUL && fl.load(v)
	case *ssa.FieldAddr:
		// The address of a nested struct inside cached data: p.Spec.Node = x.
		_, nested := v.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
		return nested && c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.IndexAddr:
		_, nested := v.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
		return nested && c[v.X] != nil && fl.mark(v, c[v.X])
	case *ssa.Lookup:
		if o := c[v.X]; o != nil && !o.Whole && aliasing(v.Type()) {
			if v.CommaOk {
				return fl.markResult(v, 0, o)
			}
			return fl.mark(v, o)
		}
	case *ssa.Next:
		if rg, ok := v.Iter.(*ssa.Range); ok && c[rg.X] != nil && !c[rg.X].Whole {
			return fl.markResult(v, 2, c[rg.X])
		}
	}
	return false
}

// load follows a load through a field or element of cached data, or out of
// a local variable that holds it.
func (fl *flow) load(u *ssa.UnOp) bool {
	if alloc, ok := u.X.(*ssa.Alloc); ok {
		if val := lastStore(u, alloc); val != nil && fl.cached[val] != nil {
			return fl.mark(u, fl.cached[val])
		}
		return false
	}
	if !aliasing(u.Type()) {
		return false
	}
	switch a := u.X.(type) {
	case *ssa.FieldAddr:
		if o := fl.cached[a.X]; o != nil {
			return fl.mark(u, o)
		}
	case *ssa.IndexAddr:
		if o := fl.cached[a.X]; o != nil {
			return fl.mark(u, o)
		}
	}
	return false
}

// aliasing reports whether a value of type t shares data with its source.
func aliasing(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// returnedIndices lists the results of fn that some return statement fills
// with cached data.
func returnedIndices(fn *ssa.Function, cached map[ssa.Value]*Origin) []int {
	var idx []int
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, v := range ret.Results {
			if cached[v] != nil && !slices.Contains(idx, i) && carries(v.Type()) {
				idx = append(idx, i)
			}
		}
	}
	slices.Sort(idx)
	return idx
}

// carries reports whether a value of type t can carry an alias at all.
func carries(t types.Type) bool {
	if aliasing(t) {
		return true
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// lastStore returns the value last stored into a local variable before the
// load in the same block: result slots of functions with defers, and locals
// whose address is taken, are read this way. Flow-insensitive tracking would
// mark every path's result as cached.
func lastStore(load *ssa.UnOp, alloc *ssa.Alloc) ssa.Value {
	instrs := load.Block().Instrs
	i := slices.Index(instrs, ssa.Instruction(load))
	for j := i - 1; j >= 0; j-- {
		if st, ok := instrs[j].(*ssa.Store); ok && st.Addr == alloc {
			return st.Val
		}
	}
	return nil
}
