package cache

import (
	"go/constant"
	"go/token"
	"go/types"
	"maps"

	"golang.org/x/tools/go/ssa"
)

// A clone flag is a boolean parameter that makes a function copy what it
// returns (if clone { v = bytes.Clone(v) }): the result is cached data only
// for callers that pass false. go-redis's LocalCache.Get passes true.

// phiOrigin returns the origin of a phi with a cached edge: unconditional
// when some cached edge can be taken whatever the parameters, else
// conditional on the clone flag that every cached edge needs false.
func (fl *flow) phiOrigin(phi *ssa.Phi) *Origin {
	var cond *Origin
	for i, e := range phi.Edges {
		o := fl.cached[e]
		if o == nil {
			continue
		}
		p := falseOnlyEdge(phi.Block(), i)
		if p == nil || o.Unless != nil && o.Unless != p {
			return o
		}
		if cond != nil && cond.Unless != p {
			return o // two flags: keep it simple, and keep it cached
		}
		c := *o
		c.Unless = p
		cond = &c
	}
	return cond
}

// falseOnlyEdge returns the boolean parameter whose false value alone
// leads along b's i-th incoming edge, or nil.
func falseOnlyEdge(b *ssa.BasicBlock, i int) *ssa.Parameter {
	pred := b.Preds[i]
	if p := falseBranch(pred, b); p != nil {
		return p
	}
	for d := pred; d != nil; d = d.Idom() {
		if len(d.Preds) != 1 {
			continue
		}
		if p := falseBranch(d.Preds[0], d); p != nil {
			return p
		}
	}
	return nil
}

// falseBranch returns p when from ends with if p (or if !p) and to is the
// successor taken only when p is false.
func falseBranch(from, to *ssa.BasicBlock) *ssa.Parameter {
	last, ok := from.Instrs[len(from.Instrs)-1].(*ssa.If)
	if !ok || from.Succs[0] == from.Succs[1] {
		return nil
	}
	cond, neg := last.Cond, false
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, neg = u.X, true
	}
	p, ok := cond.(*ssa.Parameter)
	if !ok {
		return nil
	}
	falseSucc := from.Succs[1]
	if neg {
		falseSucc = from.Succs[0]
	}
	if falseSucc != to {
		return nil
	}
	return p
}

// callOrigin returns the origin of result i of a static call of callee,
// given callee's clone flag for it: nil when the call passes true.
func (fl *flow) callOrigin(call *ssa.Call, callee *types.Func, i int) *Origin {
	o := &Origin{Callee: callee}
	k, ok := fl.r.UnlessOf(callee)[i]
	if !ok || call.Call.IsInvoke() || k >= len(call.Call.Args) {
		return o
	}
	switch arg := call.Call.Args[k].(type) {
	case *ssa.Const:
		if arg.Value != nil && arg.Value.Kind() == constant.Bool && constant.BoolVal(arg.Value) {
			return nil // the callee copies
		}
	case *ssa.Parameter:
		o.Unless = arg
	}
	return o
}

// UnlessOf maps fn's cached result indices to the index of the clone flag
// that copies them, from this package's analysis or an imported fact.
func (r *Result) UnlessOf(fn *types.Func) map[int]int {
	fn = fn.Origin()
	if m, ok := r.unless[fn]; ok {
		return maps.Clone(m)
	}
	var f ReturnsCached
	if fn.Pkg() == r.pass.Pkg || !r.pass.ImportObjectFact(fn, &f) || len(f.Unless) != len(f.Results) {
		return nil
	}
	m := map[int]int{}
	for j, i := range f.Results {
		if f.Unless[j] >= 0 {
			m[i] = f.Unless[j]
		}
	}
	return m
}

// returnedUnless maps each cached result of fn that every return fills
// only while one clone flag is false to that flag's index.
func returnedUnless(fn *ssa.Function, cached map[ssa.Value]*Origin) map[int]int {
	flags := map[int]*ssa.Parameter{}
	plain := map[int]bool{}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, v := range ret.Results {
			switch o := cached[v]; {
			case o == nil:
			case o.Unless == nil || flags[i] != nil && flags[i] != o.Unless:
				plain[i] = true
			default:
				flags[i] = o.Unless
			}
		}
	}
	out := map[int]int{}
	for i, p := range flags {
		if !plain[i] {
			out[i] = paramIndex(fn, p)
		}
	}
	return out
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// unlessList renders obj's clone flags for its fact, parallel to idx.
func (r *Result) unlessList(obj *types.Func, idx []int) []int {
	m := r.unless[obj]
	if len(m) == 0 {
		return nil
	}
	out := make([]int, len(idx))
	for j, i := range idx {
		out[j] = -1
		if k, ok := m[i]; ok {
			out[j] = k
		}
	}
	return out
}
