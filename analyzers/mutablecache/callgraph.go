package mutablecache

import (
	"go/ast"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/passes/cache"
)

// callGraph is the package's static call graph, with literals folded into
// the function that declares them.
type callGraph struct {
	res     *cache.Result
	callees map[*ssa.Function][]*ssa.Function
	callers map[*ssa.Function][]*ssa.Function
	sites   map[*ssa.Function][]*ssa.CallCommon // the calls of each function
}

func newCallGraph(res *cache.Result) *callGraph {
	g := &callGraph{res: res, callees: map[*ssa.Function][]*ssa.Function{}, callers: map[*ssa.Function][]*ssa.Function{}, sites: map[*ssa.Function][]*ssa.CallCommon{}}
	for fn, f := range res.Funcs {
		from := outermost(fn)
		for i, to := range f.Callees {
			g.callees[from] = append(g.callees[from], to)
			g.callers[to] = append(g.callers[to], from)
			g.sites[to] = append(g.sites[to], f.Calls[i])
		}
	}
	return g
}

// invalidates reports whether fn, something it calls, or something that
// calls it writes, drops or resets an entry of s: the write is followed or
// preceded by an invalidation on some path, and the check stays silent.
func (g *callGraph) invalidates(fn *ssa.Function, s *cache.Storage) bool {
	touches := func(f *ssa.Function) bool {
		for _, a := range s.Accesses {
			if outermost(a.Fn) == f && (a.Op == cache.OpWrite || a.Op == cache.OpDrop || a.Op == cache.OpReset) {
				return true
			}
		}
		return false
	}
	fn = outermost(fn)
	return g.reach(fn, g.callees, touches) || g.reach(fn, g.callers, touches)
}

func (g *callGraph) reach(from *ssa.Function, edges map[*ssa.Function][]*ssa.Function, pred func(*ssa.Function) bool) bool {
	seen := map[*ssa.Function]bool{}
	stack := []*ssa.Function{from}
	for len(stack) > 0 {
		fn := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		if pred(fn) {
			return true
		}
		stack = append(stack, edges[fn]...)
	}
	return false
}

// callExpr finds the syntax of an SSA call.
func (c *checker) callExpr(call *ssa.Call) *ast.CallExpr {
	for _, n := range c.path(call.Pos()) {
		if ce, ok := n.(*ast.CallExpr); ok && ce.Lparen == call.Pos() {
			return ce
		}
	}
	return nil
}
