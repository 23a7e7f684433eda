// Package ssautil holds the small questions about x/tools SSA that several
// passes and checks ask: which function a call invokes, its arguments by
// signature index, a value under its identity-keeping conversions, the
// parameter a value is read from, and whether one block reaches another.
package ssautil

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// maxRootSteps bounds how many fields, loads and conversions ParamRoot
// follows back to a parameter; real code stays well inside it.
const maxRootSteps = 16

// Callee returns the function or interface method a call invokes, as its
// generic origin, or nil for dynamic calls.
func Callee(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method.Origin()
	}
	if fn := c.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Origin()
		}
	}
	return nil
}

// FuncObject returns the declared function or method fn is, or nil for a
// function literal, a synthetic wrapper or a nil fn.
func FuncObject(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// SigArgs returns a call's arguments without the receiver of a static method
// call, so that index i is the signature's parameter i.
func SigArgs(c *ssa.CallCommon) []ssa.Value {
	if !c.IsInvoke() {
		if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(c.Args) > 0 {
			return c.Args[1:]
		}
	}
	return c.Args
}

// Unwrap strips the conversions that keep a value's identity.
func Unwrap(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// ParamRoot returns the parameter a value is, or is read from through
// fields and pointers, or nil.
func ParamRoot(v ssa.Value) *ssa.Parameter {
	for range maxRootSteps {
		switch x := v.(type) {
		case *ssa.Parameter:
			return x
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		default:
			return nil
		}
	}
	return nil
}

// Precedes reports whether instruction a runs before b on every path
// through their function: earlier in one block, or in a block that
// dominates b's.
func Precedes(a, b ssa.Instruction) bool {
	if a.Block() == nil || b.Block() == nil || a.Parent() != b.Parent() {
		return false
	}
	if a.Block() == b.Block() {
		return Index(a) < Index(b)
	}
	return a.Block().Dominates(b.Block())
}

// Before reports whether, whenever both a and b run in one call of their
// function, a runs first: a precedes b, or a sits where no path from b
// leads (a conditional store ahead of a go statement).
func Before(a, b ssa.Instruction) bool {
	if Precedes(a, b) {
		// In a loop, the next turn runs a after b.
		return !reachesAny(b.Block().Succs, a.Block())
	}
	if a.Block() == nil || b.Block() == nil || a.Parent() != b.Parent() || a.Block() == b.Block() {
		return false
	}
	return !Reaches(b.Block(), a.Block())
}

// Index returns the position of in among its block's instructions.
func Index(in ssa.Instruction) int {
	return slices.Index(in.Block().Instrs, in)
}

// Reaches reports whether to can be reached from from (from itself included).
func Reaches(from, to *ssa.BasicBlock) bool {
	return reachesAny([]*ssa.BasicBlock{from}, to)
}

// InCycle reports whether b can reach itself through at least one edge.
func InCycle(b *ssa.BasicBlock) bool {
	return reachesAny(b.Succs, b)
}

func reachesAny(starts []*ssa.BasicBlock, to *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), starts...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if x == to {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		work = append(work, x.Succs...)
	}
	return false
}

// FieldOf returns the field a *ssa.FieldAddr or *ssa.Field selects, or nil.
func FieldOf(v ssa.Value) *types.Var {
	_, f := Selection(v)
	return f
}

// Selection returns the struct (or pointer to it) a *ssa.FieldAddr or
// *ssa.Field selects from, and the field, or nil and nil.
func Selection(v ssa.Value) (ssa.Value, *types.Var) {
	var x ssa.Value
	var i int
	switch v := v.(type) {
	case *ssa.FieldAddr:
		x, i = v.X, v.Field
	case *ssa.Field:
		x, i = v.X, v.Field
	default:
		return nil, nil
	}
	t := types.Unalias(x.Type())
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil, nil
	}
	return x, st.Field(i)
}

// WithInitClosures returns the source functions of a package, srcFuncs,
// plus the function literals of its package-level variable initializers
// (var _ = Describe(func() { ... })), which buildssa's SrcFuncs leave out
// because they belong to no declared function. Rules that must see every
// use of a field the package makes need them too.
func WithInitClosures(pkg *ssa.Package, srcFuncs []*ssa.Function) []*ssa.Function {
	out := append([]*ssa.Function(nil), srcFuncs...)
	init := pkg.Func("init")
	if init == nil {
		return out
	}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		for _, anon := range fn.AnonFuncs {
			out = append(out, anon)
			add(anon)
		}
	}
	add(init)
	return out
}
