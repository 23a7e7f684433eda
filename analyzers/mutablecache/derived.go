package mutablecache

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
)

// staleDerived reports a cache computed from the data of another field of
// its struct (a configuration, a table loaded at start) when a method
// replaces that field and nothing on its path clears the cache: the entries
// computed from the old value are served on.
func (c *checker) staleDerived(g *callGraph) {
	for _, s := range c.cache.Storages {
		if !s.Cache || s.Owner == nil || s.Fill == nil || c.file(s.Fill.Pos()) == nil {
			continue
		}
		fillFn := outermost(s.Fill.Fn)
		sources := dataFieldsRead(fillFn, s.Var)
		if len(sources) == 0 {
			continue
		}
		done := map[*types.Var]bool{}
		for _, fn := range c.ssa.SrcFuncs {
			if fn == fillFn || c.file(fn.Pos()) == nil || g.invalidates(fn, s) {
				continue
			}
			for _, st := range receiverStores(fn) {
				f := fieldVar(st.Addr.(*ssa.FieldAddr))
				if sources[f] && !done[f] {
					done[f] = true
					c.reportDerived(fn, st, f, s)
				}
			}
		}
	}
}

// dataFieldsRead returns the fields of fn's receiver, other than the cache,
// whose contents fn reads: s.cfg.Limits[k], not s.client.Get(k).
func dataFieldsRead(fn *ssa.Function, cacheVar *types.Var) map[*types.Var]bool {
	recv := receiver(fn)
	if recv == nil {
		return nil
	}
	out := map[*types.Var]bool{}
	for _, in := range allInstrs(fn) {
		fa, ok := in.(*ssa.FieldAddr)
		if !ok || fa.X != recv {
			continue
		}
		f := fieldVar(fa)
		if f == nil || f == cacheVar || !dataType(f.Type(), 0) {
			continue
		}
		for _, ref := range *fa.Referrers() {
			if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.MUL && readsThrough(u) {
				out[f] = true
			}
		}
	}
	return out
}

// dataType reports whether a field holds data a cache can be computed
// from, rather than behaviour: functions, interfaces (clients) and channels,
// and containers of them, are not.
func dataType(t types.Type, depth int) bool {
	if depth > maxTypeDepth {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Signature, *types.Interface, *types.Chan:
		return false
	case *types.Slice:
		return dataType(u.Elem(), depth+1)
	case *types.Array:
		return dataType(u.Elem(), depth+1)
	case *types.Map:
		return dataType(u.Elem(), depth+1)
	}
	return true
}

// readsThrough reports whether a loaded field is read into (a field of the
// struct it points to, an element, a map entry) or handed to a function
// that computes from it.
func readsThrough(v ssa.Value) bool {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Lookup, *ssa.Index, *ssa.Field:
			return true
		case *ssa.Call:
			if passedAsData(ref.Common(), v) {
				return true
			}
		}
	}
	return false
}

// passedAsData reports whether a call takes v as a plain argument of a
// function, computing from it, rather than calling a method of it (a
// client's).
func passedAsData(call *ssa.CallCommon, v ssa.Value) bool {
	fn := call.StaticCallee()
	if call.IsInvoke() || fn == nil || fn.Signature.Recv() != nil {
		return false
	}
	for _, a := range call.Args {
		if a == v {
			return true
		}
	}
	return false
}

// receiverStores returns the stores into fields of fn's receiver.
func receiverStores(fn *ssa.Function) []*ssa.Store {
	recv := receiver(fn)
	if recv == nil {
		return nil
	}
	var out []*ssa.Store
	for _, in := range allInstrs(fn) {
		if st, ok := in.(*ssa.Store); ok {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && fa.X == recv {
				out = append(out, st)
			}
		}
	}
	return out
}

func receiver(fn *ssa.Function) *ssa.Parameter {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	return fn.Params[0]
}

func fieldVar(fa *ssa.FieldAddr) *types.Var {
	if f := ssautil.FieldOf(fa); f != nil {
		return f.Origin()
	}
	return nil
}

func (c *checker) reportDerived(fn *ssa.Function, st *ssa.Store, f *types.Var, s *cache.Storage) {
	c.pass.Report(analysis.Diagnostic{
		Pos: st.Pos(), Category: CategoryStale,
		Message: fmt.Sprintf("%s replaces %s, which cache %s is computed from, and nothing on its path clears the cache; entries computed from the old value are served until restart, so clear %s here",
			funcName(fn), f.Name(), s.Name(), s.Name()),
		Related: []analysis.RelatedInformation{c.related(s.Fill.Pos(), "cache "+s.Name()+" is filled from "+f.Name()+" here")},
	})
}
