package lockset

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// An atomic flag orders memory like a channel: a goroutine writes its
// results, then stores a non-zero value (c.isHandshakeComplete.Store(true));
// code that loads the flag, finds it non-zero and only then reads, reads
// after those writes. The store is recorded as a Publish sync, and the
// branch of a test that saw the flag set waits on it.

// flagStore records a Publish for an atomic store, swap or compare-and-swap
// of a value that is not a constant zero.
func (f *flow) flagStore(call *ssa.Call, obj *types.Func, st state) {
	c := call.Common()
	val := -1
	switch {
	case strings.HasPrefix(obj.Name(), "Store"), strings.HasPrefix(obj.Name(), "Swap"):
		val = 1
	case strings.HasPrefix(obj.Name(), "CompareAndSwap"):
		val = 2
	}
	if val < 0 || val >= len(c.Args) || isZero(c.Args[val]) {
		return
	}
	f.syncOp(Publish, c.Args[0], call, st)
}

// flagEdge is st on the edge from b to succ: where b tests an atomic load
// and succ is taken only when it loaded a non-zero value, the flag counts
// as waited on.
func flagEdge(b, succ *ssa.BasicBlock, st state) state {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || len(b.Succs) != 2 {
		return st
	}
	flag, setIf, ok := flagTest(iff.Cond)
	if !ok {
		return st
	}
	taken := b.Succs[0]
	if !setIf {
		taken = b.Succs[1]
	}
	if succ != taken {
		return st
	}
	st.waits = st.waits.with(flag, Exclusive)
	return st
}

// flagTest reads a condition on an atomic load: the flag's path, and
// whether the condition holds when the flag is set (non-zero).
func flagTest(cond ssa.Value) (Path, bool, bool) {
	switch v := cond.(type) {
	case *ssa.Call:
		if p, ok := atomicLoad(v); ok {
			return p, true, true
		}
	case *ssa.UnOp:
		if v.Op == token.NOT {
			if p, set, ok := flagTest(v.X); ok {
				return p, !set, true
			}
		}
	case *ssa.BinOp:
		call, k := v.X, v.Y
		if _, ok := k.(*ssa.Const); !ok {
			call, k = v.Y, v.X
		}
		load, ok := call.(*ssa.Call)
		c, isConst := k.(*ssa.Const)
		if !ok || !isConst || c.Value == nil || c.Value.Kind() != constant.Int {
			return Path{}, false, false
		}
		p, ok := atomicLoad(load)
		if !ok {
			return Path{}, false, false
		}
		zero := constant.Sign(c.Value) == 0
		switch {
		case v.Op == token.EQL && !zero:
			return p, true, true // x.Load() == 1
		case v.Op == token.NEQ && zero:
			return p, true, true // x.Load() != 0
		case v.Op == token.EQL && zero:
			return p, false, true // x.Load() == 0
		case v.Op == token.NEQ && !zero:
			return p, false, true // x.Load() != 1
		}
	}
	return Path{}, false, false
}

// atomicLoad is the path of the flag a sync/atomic Load call reads.
func atomicLoad(call *ssa.Call) (Path, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || len(call.Call.Args) == 0 {
		return Path{}, false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" || !strings.HasPrefix(obj.Name(), "Load") {
		return Path{}, false
	}
	p := pathOf(call.Call.Args[0])
	if p.Root.Kind == Local {
		return Path{}, false
	}
	return p, true
}
