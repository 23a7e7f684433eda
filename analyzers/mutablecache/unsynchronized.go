package mutablecache

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
)

// unsynchronized reports a plain map cache written from code that runs
// concurrently with itself (a framework handler, a goroutine started in a
// loop) when no lock is in sight: not in the function, not in anything it
// calls or anything that calls it. A mutex in the struct that holds the map
// guards nothing while no path to the write takes one.
func (c *checker) unsynchronized(g *callGraph) {
	for _, s := range c.cache.Storages {
		if !s.Cache || s.Kind != cache.KindMap {
			continue
		}
		for _, a := range s.Accesses {
			if a.Op != cache.OpWrite && a.Op != cache.OpDrop || c.file(a.Pos()) == nil {
				continue
			}
			why := c.concurrentReason(a.Fn)
			if why == "" || g.locks(a.Fn) {
				continue
			}
			remedy := "guard the map with a sync.Mutex or use sync.Map"
			if s.Owner != nil && hasLock(s.Owner) {
				remedy = "take " + s.Owner.Name() + "'s mutex around it, as the struct intends"
			}
			c.pass.Report(analysis.Diagnostic{
				Pos: a.Pos(), Category: CategoryUnsynchronized,
				Message: fmt.Sprintf("%s writes cache %s from a %s, which runs once per request at the same time, with no lock on any path to it; concurrent requests crash the process with \"concurrent map writes\", so %s",
					funcName(a.Fn), s.Name(), why, remedy),
				Related: []analysis.RelatedInformation{storageDecl(s)},
			})
			break // one finding per cache: the remedy is one lock
		}
	}
}

// concurrentReason says why fn runs concurrently with itself, or "".
func (c *checker) concurrentReason(fn *ssa.Function) string {
	if c.conc == nil {
		return ""
	}
	r := c.conc.Concurrent(c.syntax(fn))
	switch {
	case r == nil:
		return ""
	case r.Entry != nil:
		return string(r.Entry.Kind)
	case r.Spawn != nil && r.Spawn.Loop != nil:
		return "goroutine started in a loop"
	}
	return ""
}

// hasLock reports whether a struct carries a mutex, meant to guard it.
func hasLock(tn *types.TypeName) bool {
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if isLockType(st.Field(i).Type()) {
			return true
		}
	}
	return false
}

func isLockType(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// locks reports whether fn, a function it calls or a function that calls it
// (within the package) takes a sync lock.
func (g *callGraph) locks(fn *ssa.Function) bool {
	takes := func(f *ssa.Function) bool {
		found := false
		for _, in := range allInstrs(f) {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if callee := ssautil.Callee(&call.Call); callee != nil && callee.Pkg() != nil && callee.Pkg().Path() == "sync" {
				switch callee.Name() {
				case "Lock", "RLock", "TryLock", "TryRLock":
					found = true
				}
			}
		}
		return found
	}
	fn = outermost(fn)
	return g.reach(fn, g.callees, takes) || g.reach(fn, g.callers, takes)
}

// allInstrs lists the instructions of fn and of the literals nested in it.
func allInstrs(fn *ssa.Function) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		out = append(out, b.Instrs...)
	}
	for _, anon := range fn.AnonFuncs {
		out = append(out, allInstrs(anon)...)
	}
	return out
}

// syntax returns the declaration or literal of a function of the package.
func (c *checker) syntax(fn *ssa.Function) ast.Node {
	if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
		if d := c.conc.Decl(obj); d != nil {
			return d
		}
	}
	for _, n := range c.path(fn.Pos()) {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Type.Func == fn.Pos() {
			return lit
		}
	}
	return nil
}
