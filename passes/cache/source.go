package cache

import (
	"go/constant"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
)

// SourceOp is one call that reads or writes a data source.
type SourceOp struct {
	Call                   *ssa.Call
	Callee                 *types.Func
	Reads, Writes, Inserts []string
	// KeyArgs are the values passed as the query's arguments (or as the
	// callee's key parameters, for a call to a function with a Source fact).
	KeyArgs []ssa.Value
}

// summarizeSources recomputes f's source operations and summary; it reports
// whether the summary of a named function changed.
func (r *Result) summarizeSources(f *Func) bool {
	f.SourceOps = f.SourceOps[:0]
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok {
				if op := r.sourceOp(call); op != nil {
					f.SourceOps = append(f.SourceOps, op)
				}
			}
		}
	}
	var s Source
	for _, op := range f.SourceOps {
		s.Reads = union(s.Reads, op.Reads)
		s.Writes = union(s.Writes, op.Writes)
		s.Inserts = union(s.Inserts, op.Inserts)
		for _, a := range op.KeyArgs {
			for _, k := range KeyValues(a) {
				if i := sigParamIndex(f.Fn, ssautil.ParamRoot(k)); i >= 0 && !slices.Contains(s.Keys, i) {
					s.Keys = append(s.Keys, i)
				}
			}
		}
	}
	slices.Sort(s.Keys)
	f.Source = s
	obj, ok := f.Fn.Object().(*types.Func)
	if !ok || f.Fn.Parent() != nil {
		return false
	}
	old, seen := r.sources[obj]
	if seen && reflect.DeepEqual(*old, s) || !seen && s.empty() {
		return false
	}
	r.sources[obj] = &s
	return true
}

func (r *Result) sourceOp(call *ssa.Call) *SourceOp {
	callee := ssautil.Callee(&call.Call)
	if callee == nil {
		return nil
	}
	args := ssautil.SigArgs(&call.Call)
	if api, ok := caches.LookupSource(callee); ok {
		if api.Query >= len(args) {
			return nil
		}
		q, ok := args[api.Query].(*ssa.Const)
		if !ok || q.Value == nil || q.Value.Kind() != constant.String {
			return nil
		}
		verb, table := caches.ParseSQL(constant.StringVal(q.Value))
		if table == "" {
			return nil
		}
		op := &SourceOp{Call: call, Callee: callee, KeyArgs: argValues(args, api.Args)}
		switch verb {
		case caches.VerbRead:
			op.Reads = []string{table}
		case caches.VerbWrite:
			op.Writes = []string{table}
		case caches.VerbInsert:
			op.Inserts = []string{table}
		default:
			return nil
		}
		return op
	}
	src := r.SourceOf(callee)
	if src == nil || src.empty() {
		return repoOp(call, callee, args)
	}
	op := &SourceOp{Call: call, Callee: callee, Reads: src.Reads, Writes: src.Writes, Inserts: src.Inserts}
	for _, k := range src.Keys {
		if k < len(args) {
			op.KeyArgs = append(op.KeyArgs, args[k])
		}
	}
	return op
}

// KeyArgs returns the values a call is given, looking through the array
// the compiler builds for a variadic call.
func KeyArgs(call *ssa.Call) []ssa.Value {
	return argValues(call.Call.Args, 0)
}

// argValues returns the values passed from argument index from on,
// looking through the array the compiler builds for a variadic call.
func argValues(args []ssa.Value, from int) []ssa.Value {
	var out []ssa.Value
	for _, a := range args[min(from, len(args)):] {
		sl, ok := a.(*ssa.Slice)
		if !ok {
			out = append(out, a)
			continue
		}
		arr, ok := sl.X.(*ssa.Alloc)
		if !ok {
			out = append(out, a)
			continue
		}
		for _, ref := range *arr.Referrers() {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok {
				continue
			}
			for _, r2 := range *ia.Referrers() {
				if st, ok := r2.(*ssa.Store); ok && st.Addr == ia {
					out = append(out, st.Val)
				}
			}
		}
	}
	return out
}

// sigParamIndex returns p's index among fn's signature parameters (the
// receiver excluded), or -1.
func sigParamIndex(fn *ssa.Function, p *ssa.Parameter) int {
	if p == nil {
		return -1
	}
	i := slices.Index(fn.Params, p)
	if i >= 0 && fn.Signature.Recv() != nil {
		i--
	}
	return i
}

func union(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	slices.Sort(a)
	return a
}

// KeyValues returns the values an argument carries as keys: the argument
// itself and, for a struct built in place (&Order{ID: id}), its fields.
func KeyValues(v ssa.Value) []ssa.Value {
	out := []ssa.Value{v}
	alloc, ok := ssautil.Unwrap(v).(*ssa.Alloc)
	if !ok {
		return out
	}
	for _, ref := range *alloc.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r2 := range *fa.Referrers() {
			if st, ok := r2.(*ssa.Store); ok && st.Addr == fa {
				out = append(out, st.Val)
			}
		}
	}
	return out
}
