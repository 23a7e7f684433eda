package lockset

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// soleImpl resolves an interface method call on a value loaded from an
// unexported field of interface type to the method of the one concrete
// type the package ever stores in that field (c.reader, always a *reader
// from newReader): no other package can store another, so the call is
// that method's, and what it does counts where it is called.
func (r *Result) soleImpl(c *ssa.CallCommon) *ssa.Function {
	load, ok := c.Value.(*ssa.UnOp)
	if !ok {
		return nil
	}
	field := ssautil.FieldOf(load.X)
	if field == nil || field.Exported() || field.Pkg() != r.pass.Pkg {
		return nil
	}
	t := r.soleTypes()[field]
	if t == nil {
		return nil
	}
	sel := r.ssa.Pkg.Prog.MethodSets.MethodSet(t).Lookup(c.Method.Pkg(), c.Method.Name())
	if sel == nil {
		return nil
	}
	return r.ssa.Pkg.Prog.MethodValue(sel)
}

// soleTypes maps each unexported interface-typed field of the package to
// the one concrete type stored in it: nil where the stores hold several
// types or a value whose type is not known.
func (r *Result) soleTypes() map[*types.Var]types.Type {
	r.fieldFills()
	return r.sole
}

// fieldFills walks the package's stores into its unexported fields once,
// for both resolutions of calls through them: the concrete types stored in
// interface fields (soleTypes) and the methods stored in function fields
// (boundFields).
func (r *Result) fieldFills() {
	if r.sole != nil {
		return
	}
	r.sole, r.bound = map[*types.Var]types.Type{}, map[*types.Var][]*ssa.Function{}
	mixed := map[*types.Var]bool{}
	for _, fn := range r.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				field := ssautil.FieldOf(fa)
				if field.Exported() {
					continue
				}
				if types.IsInterface(field.Type()) {
					r.soleStore(field, st, mixed)
				} else if _, isFunc := field.Type().Underlying().(*types.Signature); isFunc {
					r.boundStore(field, st, fa, mixed)
				}
			}
		}
	}
	for f := range mixed {
		delete(r.sole, f)
		delete(r.bound, f)
	}
}

// soleStore records the concrete type a store puts in an interface field.
func (r *Result) soleStore(field *types.Var, st *ssa.Store, mixed map[*types.Var]bool) {
	t := concreteType(st.Val)
	if t == nil || r.sole[field] != nil && !types.Identical(r.sole[field], t) {
		mixed[field] = true
		return
	}
	r.sole[field] = t
}

// concreteType is the dynamic type of an interface value: the operand of a
// conversion, or what a package function returns on every path.
func concreteType(v ssa.Value) types.Type {
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return v.X.Type()
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil || len(callee.Blocks) == 0 {
			return nil
		}
		var t types.Type
		for _, b := range callee.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			if len(ret.Results) != 1 {
				return nil
			}
			mi, ok := ret.Results[0].(*ssa.MakeInterface)
			if !ok || t != nil && !types.Identical(t, mi.X.Type()) {
				return nil
			}
			t = mi.X.Type()
		}
		return t
	}
	return nil
}
