package unboundedgo

import (
	"cmp"
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/passes/lockset"
)

// orderEdge is one place where code takes lock to while holding from.
type orderEdge struct {
	from, to *types.Var // the mutex fields: a lock's class
	ctx      *lockset.Context
	acq      *lockset.Acquire
	gates    map[*types.Var]bool // the other locks held there
}

// lockOrders reports locks taken in opposite orders: one context takes B
// while holding A, another (or the same, running twice) takes A while
// holding B, directly or around a longer cycle. Two goroutines doing both
// block each other forever. A lock is named by its mutex field, so the same
// field of any object of one type is one lock; a cycle protected by a
// common lock held on every edge (a gate) cannot close and is not reported.
// Read locks are left out: a cycle through one closes only while a writer
// waits, which the code does not show.
func (c *checker) lockOrders() {
	edges := c.orderEdges()
	graph := map[*types.Var][]*orderEdge{}
	for _, e := range edges {
		graph[e.from] = append(graph[e.from], e)
	}
	reported := map[*types.Var]bool{}
	for _, e := range edges {
		if reported[e.from] || reported[e.to] {
			continue
		}
		if cycle := findCycle(graph, e); cycle != nil && !gated(cycle) && concurrent(cycle) {
			for _, x := range cycle {
				reported[x.from] = true
			}
			c.reportLockOrder(cycle)
		}
	}
}

// orderEdges collects, from every context, each lock taken while another
// is held, once per pair of classes and context.
func (c *checker) orderEdges() []*orderEdge {
	var out []*orderEdge
	seen := map[[2]*types.Var]map[*lockset.Context]bool{}
	for _, x := range c.locks.Contexts() {
		if x.Kind == lockset.Test {
			continue
		}
		for _, a := range x.Acquires {
			to := lockClass(a.Path)
			if to == nil || c.generatedOnly(a.Pos) || c.onPanicPath(a.Chain) {
				continue
			}
			for held, mode := range a.Held {
				from := lockClass(held)
				if from == nil || from == to || mode != lockset.Exclusive || a.Mode != lockset.Exclusive {
					continue
				}
				key := [2]*types.Var{from, to}
				if seen[key] == nil {
					seen[key] = map[*lockset.Context]bool{}
				}
				if seen[key][x] {
					continue
				}
				seen[key][x] = true
				out = append(out, &orderEdge{from: from, to: to, ctx: x, acq: a, gates: gatesOf(a.Held, from)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *orderEdge) int { return cmp.Compare(a.acq.Pos, b.acq.Pos) })
	return out
}

// onPanicPath reports whether some step of the chain sits where every path
// ends in a panic (a misuse check that takes a lock to word its message):
// a goroutine there does not go on to wait for the next lock.
func (c *checker) onPanicPath(ch *lockset.Chain) bool {
	for ; ch != nil; ch = ch.Next {
		if b := ch.Instr.Block(); b != nil && !c.reachesReturn(b) {
			return true
		}
	}
	return false
}

// reachesReturn reports whether a return can follow block b.
func (c *checker) reachesReturn(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{b: true}
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if c.ops.DeadEnd(b) {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return true
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// lockClass is the mutex field a lock path ends in, nil for a lock that is
// not a named field (an embedded mutex, a slice element, a variable).
func lockClass(p lockset.Path) *types.Var {
	if p.Last == nil || strings.Contains(p.Steps, "[]") || p.Last.Embedded() {
		return nil
	}
	return p.Last.Origin()
}

func gatesOf(held lockset.Set, except *types.Var) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	for p, m := range held {
		if f := lockClass(p); f != nil && f != except && m > 0 {
			out[f] = true
		}
	}
	return out
}

// findCycle returns a path of edges from e.to back to e.from, with e first,
// by breadth-first search so the shortest cycle is found.
func findCycle(graph map[*types.Var][]*orderEdge, e *orderEdge) []*orderEdge {
	prev := map[*types.Var]*orderEdge{e.to: e}
	queue := []*types.Var{e.to}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, next := range graph[v] {
			if next.to == e.from {
				cycle := []*orderEdge{next}
				for at := v; at != e.to; at = prev[at].from {
					cycle = append(cycle, prev[at])
				}
				cycle = append(cycle, e)
				slices.Reverse(cycle)
				return cycle
			}
			if _, ok := prev[next.to]; !ok {
				prev[next.to] = next
				queue = append(queue, next.to)
			}
		}
	}
	return nil
}

// gated reports whether one lock is held on every edge of the cycle: the
// goroutines taking them serialize on it first.
func gated(cycle []*orderEdge) bool {
	for g := range cycle[0].gates {
		all := true
		for _, e := range cycle[1:] {
			all = all && e.gates[g]
		}
		if all {
			return true
		}
	}
	return false
}

// concurrent reports whether the cycle's edges can run at the same time:
// they come from different contexts, or from one that runs concurrently
// with itself.
func concurrent(cycle []*orderEdge) bool {
	for _, e := range cycle[1:] {
		if e.ctx != cycle[0].ctx {
			return true
		}
	}
	return cycle[0].ctx.Self
}

func (c *checker) reportLockOrder(cycle []*orderEdge) {
	first := cycle[0]
	var rel []analysis.RelatedInformation
	for _, e := range cycle[1:] {
		rel = append(rel, analysis.RelatedInformation{
			Pos:     e.acq.Pos,
			Message: fmt.Sprintf("%s takes %s while holding %s here", funcLabel(e.ctx.Fn), lockLabel(e.to), lockLabel(e.from)),
		})
	}
	msg := fmt.Sprintf("this takes %s while holding %s, but %s takes the locks the other way round; two goroutines doing both wait for each other forever, so take them in one order everywhere",
		lockLabel(first.to), lockLabel(first.from), funcLabel(cycle[1].ctx.Fn))
	if len(cycle) > 2 {
		msg = fmt.Sprintf("this takes %s while holding %s, and other code closes a cycle of %d locks back to %s; goroutines doing each step wait for each other forever, so take the locks in one order everywhere",
			lockLabel(first.to), lockLabel(first.from), len(cycle), lockLabel(first.from))
	}
	c.pass.Report(analysis.Diagnostic{Pos: first.acq.Pos, Category: CategoryDeadlock, Message: msg, Related: rel})
}

// lockLabel names a mutex field by its struct type: Broker.lock.
func lockLabel(f *types.Var) string {
	if owner := fieldOwner(f); owner != "" {
		return owner + "." + f.Name()
	}
	return f.Name()
}

// fieldOwner finds the named struct type of the package declaring f.
func fieldOwner(f *types.Var) string {
	if f.Pkg() == nil {
		return ""
	}
	scope := f.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) == f {
					return name
				}
			}
		}
	}
	return ""
}
