package unboundedgo

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// inFlightDepth bounds how deep in-package calls are followed looking for
// the counter; the helpers that keep one sit a call or two away.
const inFlightDepth = 3

// countsInFlight reports whether the sender raises an atomic counter field
// that the receiving loop both lowers (on each receive) and reads: a loop
// that returns only once the count of pending sends is zero (go-zero's
// PeriodicalExecutor) is alive for every send that raised it. A count the
// senders lower themselves (active requests) says nothing of pending sends.
func countsInFlight(x, loop *lockset.Context) bool {
	raised := atomicFields(x.Fn, "Add")
	if len(raised) == 0 {
		return false
	}
	lowered := atomicFields(loop.Fn, "Add")
	for f := range atomicFields(loop.Fn, "Load", "CompareAndSwap") {
		if raised[f] && lowered[f] {
			return true
		}
	}
	return false
}

// atomicFields returns the fields that fn, or an in-package function it
// calls, passes to a sync/atomic operation whose name starts with one of
// ops: atomic.AddInt32(&s.n, 1) and s.n.Add(1) alike.
func atomicFields(fn *ssa.Function, ops ...string) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	seen := map[*ssa.Function]bool{}
	var walk func(fn *ssa.Function, depth int)
	walk = func(fn *ssa.Function, depth int) {
		if fn == nil || seen[fn] || depth > inFlightDepth || len(fn.Blocks) == 0 {
			return
		}
		seen[fn] = true
		for _, anon := range fn.AnonFuncs {
			walk(anon, depth)
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(ssa.CallInstruction)
				if !ok || call.Common().IsInvoke() {
					continue
				}
				callee := call.Common().StaticCallee()
				if f := atomicOperand(callee, call.Common(), ops); f != nil {
					out[f] = true
				} else if callee != nil && callee.Pkg == fn.Pkg {
					walk(callee, depth+1)
				}
			}
		}
	}
	walk(fn, 0)
	return out
}

// atomicOperand returns the field a sync/atomic call named by one of ops
// operates on, or nil.
func atomicOperand(callee *ssa.Function, c *ssa.CallCommon, ops []string) *types.Var {
	if callee == nil || len(c.Args) == 0 {
		return nil
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" {
		return nil
	}
	for _, op := range ops {
		if strings.HasPrefix(obj.Name(), op) {
			return fieldAt(c.Args[0])
		}
	}
	return nil
}

// fieldAt returns the field whose address v is.
func fieldAt(v ssa.Value) *types.Var {
	if fa, ok := v.(*ssa.FieldAddr); ok {
		return ssautil.FieldOf(fa).Origin()
	}
	return nil
}
