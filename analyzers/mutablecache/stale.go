package mutablecache

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
)

// fill is a cache store of a value the filling function read from tables,
// keyed by one of its parameters.
type fill struct {
	access  *cache.Access
	tables  []string
	keyType types.Type
}

// stale reports a write to a table whose rows a cache holds, keyed like the
// cache, in a function that never touches the cache on any path.
func (c *checker) stale(g *callGraph) {
	fills := c.fills()
	if len(fills) == 0 {
		return
	}
	reported := map[*ssa.Call]bool{}
	staleCaches := map[*cache.Storage]bool{}
	for _, fn := range c.ssa.SrcFuncs {
		f := c.cache.Funcs[fn]
		if c.file(fn.Pos()) == nil {
			continue
		}
		for _, op := range f.SourceOps {
			for _, fl := range fills {
				if reported[op.Call] || outermost(fl.access.Fn) == outermost(fn) {
					continue
				}
				table := common(append(slices.Clone(op.Writes), op.Inserts...), fl.tables)
				if table == "" || !keyed(op, fl.keyType) || g.invalidates(fn, fl.access.Storage) {
					continue
				}
				reported[op.Call] = true
				staleCaches[fl.access.Storage] = true
				c.reportStale(f, op, table, fl)
			}
		}
	}
	c.neverDropped(fills, staleCaches)
}

// neverDropped reports a cache that nothing ever drops an entry from,
// filled from a table whose rows the package updates or deletes elsewhere,
// when the write could not be tied to the cache's key (or the cache was not
// reported for it already): every changed row stays stale until restart.
func (c *checker) neverDropped(fills []fill, done map[*cache.Storage]bool) {
	for _, fl := range fills {
		s := fl.access.Storage
		if done[s] || s.Has(cache.OpDrop, cache.OpReset) || c.file(fl.access.Pos()) == nil {
			continue
		}
		w, table := c.writerOf(fl)
		if w == nil {
			continue
		}
		done[s] = true
		rows, that := "rows of table "+table, "that table"
		if repo, ok := cache.RepoName(table); ok {
			rows, that = "records of repository "+repo, "them"
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: fl.access.Pos(), Category: CategoryStale,
			Message: fmt.Sprintf("cache %s holds %s and never drops an entry, but %s changes %s; a changed row is served stale until restart, so delete the entry on that write or give the cache a TTL",
				s.Name(), rows, funcName(w.Call.Parent()), that),
			Related: []analysis.RelatedInformation{storageDecl(s), c.related(w.Call.Pos(), "table "+table+" is changed here")},
		})
	}
}

// writerOf finds a function other than the fill that updates or deletes rows
// of a table the fill reads.
func (c *checker) writerOf(fl fill) (*cache.SourceOp, string) {
	for _, fn := range c.ssa.SrcFuncs {
		if outermost(fn) == outermost(fl.access.Fn) {
			continue
		}
		for _, op := range c.cache.Funcs[fn].SourceOps {
			if t := common(op.Writes, fl.tables); t != "" {
				return op, t
			}
		}
	}
	return nil, ""
}

// fills finds the stores that fill unbounded caches from a data source.
func (c *checker) fills() []fill {
	var out []fill
	for _, s := range c.cache.Storages {
		if !s.Cache || s.Lib != nil && s.Lib.Bounded || swept(s) {
			continue
		}
		for _, a := range s.Accesses {
			if a.Op != cache.OpWrite || a.Fn.Parent() != nil {
				continue
			}
			src := c.cache.Funcs[a.Fn].Source
			p := keyRoot(a.Key)
			if len(src.Reads) == 0 || p == nil {
				continue
			}
			out = append(out, fill{access: a, tables: src.Reads, keyType: p.Type()})
		}
	}
	slices.SortFunc(out, func(a, b fill) int { return int(a.access.Pos() - b.access.Pos()) })
	return out
}

// swept reports whether some function ranges over the cache and drops
// entries: a TTL or eviction sweep bounds how long an entry stays stale.
func swept(s *cache.Storage) bool {
	iter, drop := map[*ssa.Function]bool{}, map[*ssa.Function]bool{}
	for _, a := range s.Accesses {
		switch a.Op {
		case cache.OpIterate:
			iter[outermost(a.Fn)] = true
		case cache.OpDrop:
			drop[outermost(a.Fn)] = true
		}
	}
	for fn := range iter {
		if drop[fn] {
			return true
		}
	}
	return false
}

// keyRoot returns the parameter a cache key is derived from: the parameter
// itself, a field of it, or an argument of the call that formats the key.
func keyRoot(k ssa.Value) *ssa.Parameter {
	if k == nil {
		return nil
	}
	if p := ssautil.ParamRoot(k); p != nil {
		return p
	}
	call, ok := ssautil.Unwrap(k).(*ssa.Call)
	if !ok {
		return nil
	}
	for _, a := range call.Call.Args {
		if p := ssautil.ParamRoot(a); p != nil {
			return p
		}
		if sl, ok := a.(*ssa.Slice); ok {
			if arr, ok := sl.X.(*ssa.Alloc); ok {
				for _, ref := range *arr.Referrers() {
					if ia, ok := ref.(*ssa.IndexAddr); ok {
						for _, r2 := range *ia.Referrers() {
							if st, ok := r2.(*ssa.Store); ok && ssautil.ParamRoot(st.Val) != nil {
								return ssautil.ParamRoot(st.Val)
							}
						}
					}
				}
			}
		}
	}
	return nil
}

// keyed reports whether a write takes, from one of the writer's parameters,
// a value of the cache's key type: the same kind of key.
func keyed(op *cache.SourceOp, key types.Type) bool {
	for _, a := range op.KeyArgs {
		for _, k := range cache.KeyValues(a) {
			if ssautil.ParamRoot(k) != nil && types.Identical(ssautil.Unwrap(k).Type(), key) {
				return true
			}
		}
	}
	return false
}

func common(a, b []string) string {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x
		}
	}
	return ""
}

func (c *checker) reportStale(f *cache.Func, op *cache.SourceOp, table string, fl fill) {
	s := fl.access.Storage
	via := ""
	if op.Callee != nil && c.cache.FuncFor(op.Callee) == nil && op.Callee.Pkg() != nil && op.Callee.Pkg().Path() != "database/sql" {
		via = " through " + op.Callee.Name()
	}
	pos, end := op.Call.Pos(), op.Call.Pos()
	if call := c.callExpr(op.Call); call != nil {
		pos, end = call.Pos(), call.End()
	}
	what, that := "table "+table, "that table"
	if repo, ok := cache.RepoName(table); ok {
		what, that = "the records of repository "+repo, "it"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryStale,
		Message: fmt.Sprintf("%s writes %s%s but never updates cache %s, which %s fills from %s; other requests keep serving the old value until restart, so delete or overwrite the entry after the write succeeds",
			funcName(f.Fn), what, via, s.Name(), funcName(fl.access.Fn), that),
		Related: []analysis.RelatedInformation{
			storageDecl(s),
			c.related(fl.access.Pos(), "cache "+s.Name()+" is filled from table "+strings.Join(fl.tables, ", ")+" here"),
		},
	})
}
