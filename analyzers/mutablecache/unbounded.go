package mutablecache

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
)

// unbounded reports a hand-written cache that only ever grows: filled with
// keys taken from a request, never deleted from, reset, size-checked or
// swept.
func (c *checker) unbounded(g *callGraph) {
	sites := callSites(g.sites)
	for _, s := range c.cache.Storages {
		if !s.Cache || s.Kind == cache.KindLib || s.Has(cache.OpDrop, cache.OpReset, cache.OpSize) {
			continue
		}
		a := s.Fill
		if a == nil || c.file(a.Pos()) == nil {
			continue
		}
		if !fromRequest(a.Key, sites, 0) || !openDomain(ssautil.Unwrap(a.Key).Type()) {
			continue
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: a.Pos(), Category: CategoryUnbounded,
			Message: fmt.Sprintf("cache %s gets an entry for every distinct key a client sends and never drops one; a long-running service leaks memory and any client can grow it at will, so bound it (an LRU) or expire entries",
				s.Name()),
			Related: []analysis.RelatedInformation{storageDecl(s)},
		})
	}
}

// fromRequest reports whether v is computed from an incoming request: a
// parameter of a request type, through fields, conversions, calls and
// concatenations, and through the package's own calls of a helper that
// takes the key as a parameter (s.profile(r.Header.Get("Authorization"))).
func fromRequest(v ssa.Value, sites callSites, depth int) bool {
	if v == nil || depth > maxKeyDepth {
		return false
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		return caches.IsRequest(x.Type()) || sites.argFromRequest(x, depth)
	case *ssa.MakeInterface:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.ChangeType:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.Convert:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.UnOp:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.FieldAddr:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.Field:
		return fromRequest(x.X, sites, depth+1)
	case *ssa.Extract:
		return fromRequest(x.Tuple, sites, depth+1)
	case *ssa.BinOp:
		return fromRequest(x.X, sites, depth+1) || fromRequest(x.Y, sites, depth+1)
	case *ssa.Call:
		for _, a := range x.Call.Args {
			if fromRequest(a, sites, depth+1) {
				return true
			}
		}
	}
	return false
}

// callSites are the package's static calls of each of its functions.
type callSites map[*ssa.Function][]*ssa.CallCommon

// argFromRequest reports whether some call of p's function passes a value
// computed from a request for p. A static call's arguments line up with the
// parameters, receiver first.
func (sites callSites) argFromRequest(p *ssa.Parameter, depth int) bool {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	if i < 0 {
		return false
	}
	for _, call := range sites[fn] {
		if i < len(call.Args) && fromRequest(call.Args[i], sites, depth+callSteps) {
			return true
		}
	}
	return false
}

// openDomain reports whether keys of type t can take unboundedly many
// values: strings and integers, but not a named type with declared
// constants (an enum).
func openDomain(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&(types.IsString|types.IsInteger) == 0 {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return true
	}
	scope := n.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		if k, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(k.Type(), t) {
			return false
		}
	}
	return true
}
