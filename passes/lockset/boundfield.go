package lockset

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// boundTargets resolves a call through an unexported function-typed field,
// x.f(args), to the methods the package ever stores in it bound to the
// same object (c.handshakeFn = c.serverHandshake): no other package can
// store into it, so the call is a call of one of them on x, and what they
// do counts where the field is called, under the caller's locks.
func (r *Result) boundTargets(c *ssa.CallCommon) (ssa.Value, []*ssa.Function) {
	load, ok := c.Value.(*ssa.UnOp)
	if !ok {
		return nil, nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	field := ssautil.FieldOf(fa)
	if field == nil || field.Exported() || field.Pkg() != r.pass.Pkg {
		return nil, nil
	}
	return fa.X, r.boundFields()[field]
}

// boundFields maps each unexported function-typed field of the package to
// the methods stored in it. A field is left out when some store holds
// anything but nil or a method bound to the object whose field it is.
func (r *Result) boundFields() map[*types.Var][]*ssa.Function {
	r.fieldFills()
	return r.bound
}

// boundStore records the method a store puts in a function field.
func (r *Result) boundStore(field *types.Var, st *ssa.Store, fa *ssa.FieldAddr, mixed map[*types.Var]bool) {
	if isNil(st.Val) {
		return
	}
	m := r.boundMethod(st.Val, fa.X)
	if m == nil {
		mixed[field] = true
		return
	}
	r.bound[field] = appendNew(r.bound[field], m)
}

// boundMethod is the method v binds to obj (obj.m as a value), or nil.
func (r *Result) boundMethod(v, obj ssa.Value) *ssa.Function {
	mc, ok := v.(*ssa.MakeClosure)
	if !ok || len(mc.Bindings) != 1 || pathOf(mc.Bindings[0]) != pathOf(obj) {
		return nil
	}
	wrapper, ok := mc.Fn.(*ssa.Function)
	if !ok || wrapper.Synthetic == "" {
		return nil
	}
	method, ok := wrapper.Object().(*types.Func)
	if !ok || method.Signature().Recv() == nil {
		return nil
	}
	return r.ssa.Pkg.Prog.FuncValue(method)
}

func appendNew(fns []*ssa.Function, fn *ssa.Function) []*ssa.Function {
	for _, f := range fns {
		if f == fn {
			return fns
		}
	}
	return append(fns, fn)
}
