package cache

import (
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
)

// flowCached computes f.Cached and f.Snapshots, and the result indices of f
// that return cached data or a snapshot; it reports whether those indices
// changed.
func (r *Result) flowCached(f *Func) bool {
	f.Cached = r.follow(f, (*flow).seed)
	f.Snapshots = r.follow(f, (*flow).seedSnapshots)
	obj, ok := f.Fn.Object().(*types.Func)
	if !ok || f.Fn.Parent() != nil {
		return false
	}
	changed := record(r.returns, obj, returnedIndices(f.Fn, f.Cached))
	if u := returnedUnless(f.Fn, f.Cached); len(u) > 0 || r.unless[obj] != nil {
		if !maps.Equal(u, r.unless[obj]) {
			r.unless[obj], changed = u, true
		}
	}
	return record(r.snapshots, obj, returnedIndices(f.Fn, f.Snapshots)) || changed
}

// follow seeds a flow in f and propagates it.
func (r *Result) follow(f *Func, seed func(*flow, *Func)) map[ssa.Value]*Origin {
	fl := &flow{r: r, cached: map[ssa.Value]*Origin{}}
	seed(fl, f)
	for range 8 * min(len(fl.cached), 1) { // nothing seeded: nothing to follow
		if !fl.propagate(f.Fn) {
			break
		}
	}
	return fl.cached
}

// record sets the result indices of obj in a summary; it reports whether
// they changed.
func record(m map[*types.Func][]int, obj *types.Func, idx []int) bool {
	if old, seen := m[obj]; seen && slices.Equal(old, idx) || !seen && len(idx) == 0 {
		return false
	}
	m[obj] = idx
	return true
}

type flow struct {
	r      *Result
	cached map[ssa.Value]*Origin
}

func (fl *flow) mark(v ssa.Value, o *Origin) bool {
	if v == nil {
		return false
	}
	// An unconditional origin replaces one that a clone flag qualifies.
	if old := fl.cached[v]; old != nil && (old.Unless == nil || o.Unless != nil) {
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
			fl.mark(ssautil.Unwrap(a.Value), o)
		}
	}
	staticCalls(f.Fn, func(call *ssa.Call, callee *types.Func) {
		if caches.IsListerRead(callee) {
			fl.markResult(call, resultIndex(callee, 0), &Origin{Callee: callee, Lister: true})
			return
		}
		for _, i := range fl.r.ReturnsCachedOf(callee) {
			if o := fl.callOrigin(call, callee, i); o != nil {
				fl.markResult(call, resultIndex(callee, i), o)
			}
		}
	})
}

// staticCalls calls visit with each call in fn whose callee is known.
func staticCalls(fn *ssa.Function, visit func(*ssa.Call, *types.Func)) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok {
				if callee := ssautil.Callee(&call.Call); callee != nil {
					visit(call, callee)
				}
			}
		}
	}
}

// seedSnapshots marks the values loaded from an atomic.Value or
// atomic.Pointer, and the results of calls to functions that return one. A
// request type's fields live for one request and are left alone.
func (fl *flow) seedSnapshots(f *Func) {
	for _, a := range f.Accesses {
		s := a.Storage
		if s.Kind != KindSnapshot || a.Op != OpRead || s.Owner != nil && caches.IsRequest(s.Owner.Type()) {
			continue
		}
		fl.markResult(a.Value, a.ValueIndex, &Origin{Storage: s, Access: a})
	}
	staticCalls(f.Fn, func(call *ssa.Call, callee *types.Func) {
		for _, i := range fl.r.ReturnsSnapshotOf(callee) {
			fl.markResult(call, resultIndex(callee, i), &Origin{Callee: callee})
		}
	})
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
		if o := fl.phiOrigin(v); o != nil {
			return fl.mark(v, o)
		}
	case *ssa.Field:
		return c[v.X] != nil && aliasing(v.Type()) && fl.mark(v, c[v.X])
	case *ssa.UnOp:
		if v.Op == token.ARROW {
			// What singleflight's DoChan delivers is what Do returns.
			return delivers(c[v.X]) && fl.mark(v, c[v.X])
		}
		return v.Op == token.MUL && fl.load(v)
	case *ssa.Select:
		changed, k := false, 0
		for _, st := range v.States {
			if st.Dir != types.RecvOnly {
				continue
			}
			if delivers(c[st.Chan]) {
				changed = fl.markResult(v, 2+k, c[st.Chan]) || changed
			}
			k++
		}
		return changed
	case *ssa.Call:
		// ttlcache's item.Value() is the stored value.
		if callee := ssautil.Callee(&v.Call); callee != nil && !v.Call.IsInvoke() && len(v.Call.Args) > 0 &&
			c[v.Call.Args[0]] != nil && caches.IsEntryValue(callee) {
			return fl.mark(v, c[v.Call.Args[0]])
		}
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

// delivers reports whether o is a channel that delivers cached data.
func delivers(o *Origin) bool {
	return o != nil && o.Access != nil && o.Access.Chan
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
		if alloc, ok := a.X.(*ssa.Alloc); ok {
			if o := fl.copyIn(alloc, a.Field); o != nil {
				return fl.mark(u, o)
			}
		}
	case *ssa.IndexAddr:
		if o := fl.cached[a.X]; o != nil {
			return fl.mark(u, o)
		}
	}
	return false
}

// copyIn returns the origin of the cached struct a local variable holds a
// copy of (r in select { case r := <-ch }), when the variable is assigned
// once and its field is never assigned: the field still shares the cached
// data. A field set to something else (r.Items = slices.Clone(r.Items)) no
// longer does, wherever the assignment is.
func (fl *flow) copyIn(alloc *ssa.Alloc, field int) *Origin {
	var o *Origin
	for _, ref := range *alloc.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != alloc || o != nil || fl.cached[r.Val] == nil {
				return nil
			}
			o = fl.cached[r.Val]
		case *ssa.FieldAddr:
			if r.Field != field {
				continue
			}
			for _, r2 := range *r.Referrers() {
				if st, ok := r2.(*ssa.Store); ok && st.Addr == r {
					return nil
				}
			}
		}
	}
	return o
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
