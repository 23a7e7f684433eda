package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// sharedAppends reports append(x, ...) onto a long-lived slice x (a package
// variable, a field, a slice kept in an atomic.Value) whose result is kept
// elsewhere, when the package grows x itself by append, so x may have spare
// capacity: every such append writes its new elements into the same backing
// array, past x's length, and the results share and overwrite them. It is
// reported when that can happen twice: two appends on x in one function, or
// an append on a package variable, on a field of a snapshot the package
// publishes in an atomic.Value, or on a field of a type whose methods run
// concurrently.
func (c *checker) sharedAppends() {
	grown := c.grownByAppend()
	if len(grown) == 0 {
		return
	}
	type site struct {
		fn    *ssa.Function
		place types.Object
	}
	appends := map[site][]*ssa.Call{}
	for _, call := range c.instrs().calls {
		if !isAppend(call) || c.file(call.Parent().Pos()) == nil {
			continue
		}
		place, _ := slicePlace(call.Call.Args[0])
		if place == nil || grown[place] == token.NoPos || storedBack(call, place) {
			continue
		}
		k := site{call.Parent(), place}
		appends[k] = append(appends[k], call)
	}
	snapshots := c.snapshotFields()
	for k, calls := range appends {
		shared := snapshots[k.place] || c.sharedPlace(k.place, k.fn)
		for _, call := range calls {
			twice := slices.ContainsFunc(calls, func(o *ssa.Call) bool { return sameRun(call, o) })
			if twice || shared {
				c.reportSharedAppend(call, k.place, grown[k.place], twice)
			}
		}
	}
}

// sharedPlace reports whether one append on place can meet another: the
// place is a package variable, or fn is (called from) an entry point that
// a framework runs on many goroutines at once, on one receiver. Code a
// single goroutine runs may append once and use the result at once.
func (c *checker) sharedPlace(place types.Object, fn *ssa.Function) bool {
	if v, ok := place.(*types.Var); ok && !v.IsField() {
		return true
	}
	decl := outermost(fn).Syntax()
	if decl == nil {
		return false
	}
	r := c.conc.Concurrent(decl)
	return r != nil && r.Entry != nil
}

// grownByAppend maps the fields and package variables the package assigns
// an append result to (s.attrs = append(s.attrs, a), fields.Store(append(old,
// f...))) to the first such assignment: their slices may have spare capacity.
func (c *checker) grownByAppend() map[types.Object]token.Pos {
	out := map[types.Object]token.Pos{}
	mark := func(place types.Object, pos token.Pos) {
		if place != nil && out[place] == token.NoPos {
			out[place] = pos
		}
	}
	ix := c.instrs()
	for _, st := range ix.stores {
		if appendResult(st.Val) || appendHelperResult(st.Val) {
			mark(growthPlace(st.Addr), st.Pos())
		}
	}
	for _, call := range ix.calls {
		if recv, val, ok := atomicValueStore(call); ok && appendResult(val) {
			mark(addrPlace(recv), call.Pos())
		}
	}
	return out
}

// slicePlace is the field or package variable a slice value is loaded
// from, directly or out of an atomic.Value, with the load.
func slicePlace(v ssa.Value) (types.Object, ssa.Value) {
	return slicePlaceDepth(v, 0)
}

func slicePlaceDepth(v ssa.Value, depth int) (types.Object, ssa.Value) {
	if depth > maxValueDepth {
		return nil, nil // a variable assigned its own value, or a long chain
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		if cell, ok := v.X.(*ssa.Alloc); ok {
			if stored := assignedOnce(cell); stored != nil {
				return slicePlaceDepth(stored, depth+1) // a variable a closure captures
			}
			return nil, nil
		}
		return addrPlace(v.X), v
	case *ssa.Extract:
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return slicePlaceDepth(ta, depth+1)
		}
	case *ssa.TypeAssert:
		if load, ok := v.X.(*ssa.Call); ok && isMethod(load.Call.StaticCallee(), "sync/atomic", "Value", "Load") && len(load.Call.Args) == 1 {
			return addrPlace(load.Call.Args[0]), v
		}
	}
	return nil, nil
}

// assignedOnce is the one value stored in a local variable's cell.
func assignedOnce(cell *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != cell {
				continue
			}
			if stored != nil {
				return nil
			}
			stored = ref.Val
		case *ssa.MakeClosure:
			if closureAssigns(ref, cell) {
				return nil
			}
		}
	}
	return stored
}

// closureAssigns reports whether the closure mc, which captures cell,
// assigns the variable.
func closureAssigns(mc *ssa.MakeClosure, cell *ssa.Alloc) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return true
	}
	for i, b := range mc.Bindings {
		if b != ssa.Value(cell) || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *fn.FreeVars[i].Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(fn.FreeVars[i]) {
				return true
			}
		}
	}
	return false
}

// addrPlace is the field or package variable addr denotes; nil for a field
// of an object the function has just made, which nothing else shares.
func addrPlace(addr ssa.Value) types.Object {
	switch a := addr.(type) {
	case *ssa.Global:
		return a.Object()
	case *ssa.FieldAddr:
		if alloc, ok := a.X.(*ssa.Alloc); ok && alloc.Parent() != nil {
			return nil
		}
		if st, ok := a.X.Type().Underlying().(*types.Pointer); ok {
			if s, ok := st.Elem().Underlying().(*types.Struct); ok {
				return s.Field(a.Field)
			}
		}
	}
	return nil
}

// storedBack reports whether the append's result goes back where its
// operand came from, directly or through a phi: growing the slice, the
// idiom, rather than deriving another one from it.
func storedBack(call *ssa.Call, place types.Object) bool {
	values := []ssa.Value{call}
	for _, ref := range *call.Referrers() {
		if phi, ok := ref.(*ssa.Phi); ok {
			values = append(values, phi)
		}
	}
	for _, v := range values {
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Val == v && addrPlace(ref.Addr) == place {
					return true
				}
			case *ssa.MakeInterface:
				for _, use := range *ref.Referrers() {
					if c, ok := use.(*ssa.Call); ok {
						if recv, _, ok := atomicValueStore(c); ok && addrPlace(recv) == place {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// atomicValueStore recognizes v.Store(x) on an atomic.Value: its address
// and the stored value, unwrapped from its interface.
func atomicValueStore(call *ssa.Call) (ssa.Value, ssa.Value, bool) {
	if !isMethod(call.Call.StaticCallee(), "sync/atomic", "Value", "Store") || len(call.Call.Args) != 2 {
		return nil, nil, false
	}
	val := call.Call.Args[1]
	if mi, ok := val.(*ssa.MakeInterface); ok {
		val = mi.X
	}
	return call.Call.Args[0], val, true
}

func isAppend(call *ssa.Call) bool {
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "append" && len(call.Call.Args) > 0
}

func appendResult(v ssa.Value) bool {
	if ct, ok := v.(*ssa.ChangeType); ok {
		v = ct.X
	}
	call, ok := v.(*ssa.Call)
	return ok && isAppend(call)
}

// sameRun reports whether two different appends can both run in one call
// of their function: one's block leads to the other's. Appends on the two
// branches of an if never meet.
func sameRun(a, b *ssa.Call) bool {
	if a == b {
		return false
	}
	return a.Block() == b.Block() || ssautil.Reaches(a.Block(), b.Block()) || ssautil.Reaches(b.Block(), a.Block())
}

func (c *checker) reportSharedAppend(call *ssa.Call, place types.Object, grown token.Pos, twice bool) {
	arg := c.appendOperand(call.Pos())
	operand, what := place.Name(), place.Name()
	if src := c.sourceOf(arg); src != "" {
		operand, what = src, src
		if !strings.HasSuffix(src, place.Name()) {
			what = src + " (" + place.Name() + ")"
		}
	}
	why := "concurrent calls write the same elements"
	if twice {
		why = "the other append in this function overwrites the element this one adds"
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.Pos(), Category: CategorySharedAppend,
		Message: fmt.Sprintf("append onto %s, a long-lived slice the package grows by append, writes into its spare capacity, which every append on it shares, so %s; append to slices.Clip(%s) to copy on growth",
			what, why, operand),
		Related: []analysis.RelatedInformation{c.related(grown, place.Name()+" is grown by append here")},
	}
	if arg != nil {
		d.Pos, d.End = arg.Pos(), arg.End()
		d.SuggestedFixes = c.wrapFix(arg, "slices.Clip")
	}
	c.pass.Report(d)
}

func (c *checker) sourceOf(e ast.Expr) string {
	if e == nil {
		return ""
	}
	return c.source(e)
}

// appendOperand is the first argument of the append call at pos.
func (c *checker) appendOperand(pos token.Pos) ast.Expr {
	call := c.callExprAt(pos)
	if call == nil || len(call.Args) == 0 {
		return nil
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "append" {
		return call.Args[0]
	}
	return nil
}

// growthPlace is addrPlace, also for a field of an object the function has
// just made: the slice it grows there keeps its spare capacity once the
// object is published.
func growthPlace(addr ssa.Value) types.Object {
	if fa, ok := addr.(*ssa.FieldAddr); ok {
		if st, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
			if s, ok := st.Elem().Underlying().(*types.Struct); ok {
				return s.Field(fa.Field)
			}
		}
	}
	return addrPlace(addr)
}

// appendHelperResult reports whether v is the result of a call of a
// function that returns its first argument or an append onto it
// (appendIfNotExist(vals, v)).
func appendHelperResult(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	fn := call.Call.StaticCallee()
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	if fn == nil || len(fn.Params) == 0 || len(fn.Blocks) == 0 {
		return false
	}
	appended := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		r := ret.Results[0]
		if r == ssa.Value(fn.Params[0]) {
			continue
		}
		if c, ok := r.(*ssa.Call); ok && isAppend(c) && c.Call.Args[0] == ssa.Value(fn.Params[0]) {
			appended = true
			continue
		}
		return false
	}
	return appended
}

// snapshotFields returns the fields of the structs whose pointers the
// package publishes in an atomic.Value: snapshots every goroutine reads at
// once.
func (c *checker) snapshotFields() map[types.Object]bool {
	out := map[types.Object]bool{}
	for _, call := range c.instrs().calls {
		_, val, ok := atomicValueStore(call)
		if !ok {
			continue
		}
		if p, ok := val.Type().Underlying().(*types.Pointer); ok {
			if st, ok := p.Elem().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					out[st.Field(i)] = true
				}
			}
		}
	}
	return out
}
