package lockset

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// SamePlace reports whether two paths name one channel or WaitGroup, one
// of them possibly through a local value stored into the other.
func SamePlace(a, b Path) bool {
	for _, x := range Aliases(a) {
		for _, y := range Aliases(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

// SameRoots reports whether paths from two contexts' roots name the same
// memory: the same function, or methods on receivers of one type, whose
// receiver (parameter 0) is taken to be the same object.
func SameRoots(a, b *Context) bool {
	ra, rb := RootFn(a), RootFn(b)
	if ra == rb {
		return true
	}
	ta, tb := RecvNamed(ra), RecvNamed(rb)
	return ta != nil && ta == tb
}

// RootFn is the function whose roots a context's paths start from: its
// own, or for a goroutine, that of the context that starts it.
func RootFn(ctx *Context) *ssa.Function {
	for ctx.Kind == Goroutine && ctx.Parent != nil {
		ctx = ctx.Parent
	}
	return ctx.Fn
}

// RecvNamed is the named type of fn's receiver, nil for a function.
func RecvNamed(fn *ssa.Function) *types.TypeName {
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// Precedes reports whether the instruction chain a (calls, then an
// instruction) runs before chain b on every path: where the chains part,
// in one function, a's instruction comes first.
func Precedes(a, b *Chain) bool {
	x, y, ok := part(a, b)
	return ok && ssautil.Precedes(x, y)
}

// Before is Precedes for accesses that may not happen: whenever both
// chains run to their end, a's runs first. A race needs both accesses, so
// a conditional write ahead of a go statement is ordered before the
// goroutine all the same.
func Before(a, b *Chain) bool {
	x, y, ok := part(a, b)
	return ok && ssautil.Before(x, y)
}

// part finds where two chains part: their first differing instructions,
// which sit in one function. ok is false when one chain is a prefix of the
// other.
func part(a, b *Chain) (ssa.Instruction, ssa.Instruction, bool) {
	for a != nil && b != nil && a.Instr == b.Instr {
		a, b = a.Next, b.Next
	}
	if a == nil || b == nil {
		return nil, nil, false
	}
	return a.Instr, b.Instr, true
}

// RootType is the type of the object a context's path starts from, pointers
// removed: a method's receiver type, a constructor's new object.
func RootType(ctx *Context, p Path) types.Type {
	fn := RootFn(ctx)
	var t types.Type
	switch p.Root.Kind {
	case Param:
		if p.Root.Index < len(fn.Params) {
			t = fn.Params[p.Root.Index].Type()
		}
	case Free:
		if p.Root.Index < len(fn.FreeVars) {
			t = typesutil.Deref(fn.FreeVars[p.Root.Index].Type())
		}
	case Global:
		t = p.Root.Obj.Type()
	case Local:
		t = p.Root.Value.Type()
	}
	if t == nil {
		return nil
	}
	return typesutil.Deref(t)
}

// SameField reports whether a in one context and b in another name the same
// field of objects of one type: the same memory for objects built and used
// alike (a constructor's new object, the receiver of its methods).
func SameField(ca *Context, a Path, cb *Context, b Path) bool {
	if a.Steps != b.Steps || a.Steps == "" {
		return false
	}
	if SameRoots(ca, cb) && a.Root == b.Root {
		return true
	}
	ta, tb := RootType(ca, a), RootType(cb, b)
	return ta != nil && tb != nil && types.Identical(ta, tb)
}

// FreshPerStart reports whether each start of goroutine ctx works on its
// own object at p: the goroutine runs a method value or closure bound to an
// object that a function on the way to its start allocates, nothing from
// that function down starts it in a loop, and p is that object or a value
// the goroutine's own code derives. A caller's loop around the constructor
// (a test cluster of five servers) then starts goroutines that do not share
// p.
func FreshPerStart(ctx *Context, p Path) bool {
	if ctx.Spawn == nil || p.Root.Kind != Local {
		return false
	}
	alloc := boundAlloc(ctx.Spawn)
	if alloc == nil {
		return false
	}
	owner, below := alloc.Parent(), false
	onChain := map[*ssa.Function]bool{}
	var last ssa.Instruction
	for c := ctx.Spawn.Chain; c != nil; c = c.Next {
		fn := c.Instr.Parent()
		onChain[fn] = true
		below = below || fn == owner
		if below && cyclicBlocks(fn)[c.Instr.Block()] {
			return false
		}
		last = c.Instr
	}
	if !below || last == nil {
		return false
	}
	v := p.Root.Value
	return v == ssa.Value(alloc) || v.Parent() != nil && !onChain[v.Parent()]
}

// boundAlloc returns the heap object that the function a spawn starts is
// bound to (go r.run(), spawn(r.run)), or nil.
func boundAlloc(sp *Spawn) *ssa.Alloc {
	var last ssa.Instruction
	for c := sp.Chain; c != nil; c = c.Next {
		last = c.Instr
	}
	call, ok := last.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	common := call.Common()
	for _, v := range append([]ssa.Value{common.Value}, common.Args...) {
		mc, ok := v.(*ssa.MakeClosure)
		if !ok || mc.Fn != ssa.Value(sp.Fn) || len(mc.Bindings) == 0 {
			continue
		}
		if a, ok := mc.Bindings[0].(*ssa.Alloc); ok && a.Heap {
			return a
		}
	}
	return nil
}
