package mutablecache

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
	"github.com/msvclint/msvclint/passes/mutability"
)

// write is one place where a function writes through a value.
type write struct {
	target ssa.Value // the value written through
	pos    token.Pos
	what   string // "writes field Name of", "appends to", ...
}

// mutations reports writes through values that hold cached data, or a
// snapshot loaded from an atomic.Value or atomic.Pointer: a field
// assignment, a map entry, a slice element, append, copy, delete, clear or
// an in-place sort.
func (c *checker) mutations(f *cache.Func) {
	if len(f.Cached) == 0 && len(f.Snapshots) == 0 {
		return
	}
	lines := map[int]bool{} // one finding per line: u.Roles = append(u.Roles, r) is one mistake
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			w, ok := writeOf(in)
			if !ok {
				continue
			}
			if !c.mut.Mutable(w.target.Type()) || lines[c.pass.Fset.Position(w.pos).Line] {
				continue
			}
			if o := f.Cached[w.target]; o != nil && !o.Whole && !c.owns(f, o) {
				lines[c.pass.Fset.Position(w.pos).Line] = true
				c.reportMutation(f, w, o)
			} else if o := f.Snapshots[w.target]; o != nil && !building(f, o) && !lockedObject(w.target) && !w.appends() {
				// The owner's own methods are no exception: readers take
				// no lock, so every in-place write races with them.
				lines[c.pass.Fset.Position(w.pos).Line] = true
				c.reportSnapshotMutation(f, w, o)
			}
		}
	}
}

func writeOf(in ssa.Instruction) (write, bool) {
	switch in := in.(type) {
	case *ssa.Store:
		switch a := in.Addr.(type) {
		case *ssa.FieldAddr:
			return write{a.X, a.Pos(), "writes field " + fieldName(a) + " of"}, true
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Slice); ok {
				return write{a.X, a.Pos(), "writes an element of"}, true
			}
		}
	case *ssa.MapUpdate:
		return write{in.Map, in.Pos(), "writes an entry of"}, true
	case *ssa.Call:
		return callWrite(in)
	}
	return write{}, false
}

// appends reports whether the write is an append. Appending to a loaded
// snapshot writes only past the length its readers see, so it is the first
// half of copy on write (s.v.Store(append(old, x)) under a writers' lock), not
// a change under them; assigning the result back into the snapshot is a
// field write, reported as such.
func (w write) appends() bool { return w.what == "appends in place to" }

func callWrite(call *ssa.Call) (write, bool) {
	cc := &call.Call
	if b, ok := cc.Value.(*ssa.Builtin); ok && len(cc.Args) > 0 {
		switch b.Name() {
		case "append":
			if len(cc.Args) > 1 {
				return write{cc.Args[0], call.Pos(), "appends in place to"}, true
			}
		case "copy":
			return write{cc.Args[0], call.Pos(), "copies into"}, true
		case "delete":
			return write{cc.Args[0], call.Pos(), "deletes from"}, true
		case "clear":
			return write{cc.Args[0], call.Pos(), "clears"}, true
		}
		return write{}, false
	}
	callee := ssautil.Callee(cc)
	if callee == nil {
		return write{}, false
	}
	if i := caches.ModifiesArg(callee); i >= 0 && i < len(cc.Args) {
		return write{ssautil.Unwrap(cc.Args[i]), call.Pos(), "sorts or modifies in place"}, true
	}
	return write{}, false
}

// owns reports whether f is the cache's own code, which manages its entries
// by design: a method of the type that declares the cache, or a function
// that fills or drops entries of it itself.
func (c *checker) owns(f *cache.Func, o *cache.Origin) bool {
	recv := recvType(outermost(f.Fn))
	if s := o.Storage; s != nil {
		if s.Owner != nil && recv == s.Owner {
			return true
		}
		for _, a := range s.Accesses {
			if outermost(a.Fn) == outermost(f.Fn) && (a.Op == cache.OpWrite || a.Op == cache.OpDrop || a.Op == cache.OpReset) {
				return true
			}
		}
		return o.Access != nil && o.Access.Inst != nil && locksField(f.Fn, o.Access.Inst)
	}
	if o.Callee != nil && recv != nil {
		return recvTypeOf(o.Callee) == recv
	}
	return false
}

func recvType(fn *ssa.Function) *types.TypeName {
	if obj, ok := fn.Object().(*types.Func); ok {
		return recvTypeOf(obj)
	}
	return nil
}

func recvTypeOf(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

func (c *checker) reportMutation(f *cache.Func, w write, o *cache.Origin) {
	where, related := c.originText(o)
	if o.Access != nil {
		related = append(related, c.related(o.Access.Pos(), "the cached value is obtained here"))
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: w.pos, Category: CategoryMutation,
		Message: fmt.Sprintf("%s %s the %s from %s, which every other reader shares; the change leaks to them and races with them, so modify a copy (slices.Clone, maps.Clone, a struct copy or DeepCopy) instead",
			funcName(f.Fn), w.what, c.typeString(w.target.Type()), where),
		Related: related,
	})
}

// building reports whether a snapshot is loaded from a struct that f
// allocates itself: nobody else can see it yet.
func building(f *cache.Func, o *cache.Origin) bool {
	if o.Access == nil || o.Access.Inst == nil {
		return false
	}
	a, ok := o.Access.Inst.(*ssa.Alloc)
	return ok && a.Parent() == f.Fn
}

// lockedObject reports whether v is read from a field of a struct that
// carries its own lock or atomics: an object published to be shared, whose
// readers synchronize with it rather than rely on copy on write.
func lockedObject(v ssa.Value) bool {
	for range maxChainSteps {
		u, ok := v.(*ssa.UnOp)
		if !ok || u.Op != token.MUL {
			return false
		}
		fa, ok := u.X.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		if p, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
			if st, ok := p.Elem().Underlying().(*types.Struct); ok && mutability.SelfSynchronized(st) {
				return true
			}
		}
		v = fa.X
	}
	return false
}

func (c *checker) reportSnapshotMutation(f *cache.Func, w write, o *cache.Origin) {
	var where string
	var related []analysis.RelatedInformation
	switch {
	case o.Storage != nil:
		where = "the snapshot in " + o.Storage.Name()
		related = append(related,
			analysis.RelatedInformation{Pos: o.Storage.Var.Pos(), Message: o.Storage.Name() + " is declared here"},
			c.related(o.Access.Pos(), "the snapshot is loaded here"))
	case o.Callee != nil:
		where = "the snapshot " + o.Callee.Name() + " returns"
		related = append(related, c.related(o.Callee.Pos(), o.Callee.Name()+" returns a shared snapshot"))
	default:
		where = "a shared snapshot"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: w.pos, Category: CategoryMutation,
		Message: fmt.Sprintf("%s %s the %s from %s, which every reader uses without a lock; the change races with them, so copy it, change the copy and Store the copy instead",
			funcName(f.Fn), w.what, c.typeString(w.target.Type()), where),
		Related: related,
	})
}

// locksField reports whether fn takes a sync lock held in a field of inst:
// code that changes an entry under the lock of the struct that holds the
// map is that struct's bookkeeping, written outside its methods.
func locksField(fn *ssa.Function, inst ssa.Value) bool {
	for _, in := range allInstrs(fn) {
		call, ok := in.(*ssa.Call)
		if !ok || len(call.Call.Args) == 0 {
			continue
		}
		callee := ssautil.Callee(&call.Call)
		if callee == nil || callee.Pkg() == nil || callee.Pkg().Path() != "sync" || callee.Name() != "Lock" && callee.Name() != "RLock" {
			continue
		}
		recv := call.Call.Args[0]
		if u, ok := recv.(*ssa.UnOp); ok {
			recv = u.X
		}
		if fa, ok := recv.(*ssa.FieldAddr); ok && fa.X == inst {
			return true
		}
	}
	return false
}

// fieldName names the field a FieldAddr selects; the pointer's core type may
// hide behind a type parameter, where the name is not worth a panic.
func fieldName(a *ssa.FieldAddr) string {
	if p, ok := a.X.Type().Underlying().(*types.Pointer); ok {
		if st, ok := p.Elem().Underlying().(*types.Struct); ok && a.Field < st.NumFields() {
			return st.Field(a.Field).Name()
		}
	}
	return "a field"
}
