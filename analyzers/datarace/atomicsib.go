package datarace

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/passes/lockset"
)

// atomicSiblings reports a plain write to a field of an object that the
// same function, run by an exported function or handler, updates
// atomically in another field, with no lock held: the atomic update says the function runs beside
// itself, so two calls write the plain field at once (kafka-go's
// RoundRobin.balance defaulting ChunkSize next to its atomic counter). A
// write that only the winner of a compare-and-swap makes is exclusive and
// does not count.
func (c *checker) atomicSiblings(generated func(token.Pos) bool) {
	for _, ctx := range c.ls.Contexts() {
		if !concurrentRoot(ctx) {
			continue
		}
		updates := atomicUpdates(ctx)
		if len(updates) == 0 {
			continue
		}
		for _, a := range ctx.Accesses {
			if a.Kind != lockset.Write || a.Atomic || a.Field == nil || generated(a.Pos) || a.Held.Any() {
				continue
			}
			parent, ok := a.Path.Parent()
			if !ok {
				continue
			}
			p := updates[objectKey{parent.Root, parent.Steps}]
			if p == nil || p.Fn != a.Fn || p.Field == a.Field || !c.ls.Countable(a) || afterCAS(a) || afterLockCall(a) {
				continue
			}
			c.reportAtomicSibling(ctx, a, p)
		}
	}
}

type objectKey struct {
	root  lockset.Root
	steps string
}

// atomicUpdates maps each object whose field ctx adds to atomically to one
// such update. A store publishes a value to readers, and a swap or
// compare-and-swap tested in a branch is as often a guard against misuse
// (os/exec's Cmd.startCalled) as a sign of concurrent callers: neither says
// the writer runs beside itself the way a shared counter does.
func atomicUpdates(ctx *lockset.Context) map[objectKey]*lockset.Access {
	out := map[objectKey]*lockset.Access{}
	for _, a := range ctx.Accesses {
		if !a.Atomic || !a.Kind.IsWrite() || a.Field == nil || !atomicAdd(a) {
			continue
		}
		if parent, ok := a.Path.Parent(); ok {
			k := objectKey{parent.Root, parent.Steps}
			if out[k] == nil {
				out[k] = a
			}
		}
	}
	return out
}

// afterCAS reports whether some instruction on a's path runs only when a
// compare-and-swap succeeded: one caller at a time gets there.
func afterCAS(a *lockset.Access) bool {
	for ch := a.Chain; ch != nil; ch = ch.Next {
		b := ch.Instr.Block()
		for d := b; d != nil; d = d.Idom() {
			if len(d.Preds) != 1 {
				continue
			}
			p := d.Preds[0]
			last, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
			if ok && casWon(last.Cond, d == p.Succs[0]) {
				return true
			}
		}
	}
	return false
}

// casWon reports whether cond being onTrue means a compare-and-swap
// succeeded.
func casWon(cond ssa.Value, onTrue bool) bool {
	switch v := cond.(type) {
	case *ssa.UnOp:
		return v.Op == token.NOT && casWon(v.X, !onTrue)
	case *ssa.Call:
		fn := v.Call.StaticCallee()
		return onTrue && fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "sync/atomic" && strings.HasPrefix(fn.Name(), "CompareAndSwap")
	}
	return false
}

func (c *checker) reportAtomicSibling(ctx *lockset.Context, a, p *lockset.Access) {
	name := c.names.expr(a.Pos, a.Field)
	// Both fields are of one object: the counter is named like the field.
	counter := strings.TrimSuffix(name, a.Field.Name()) + p.Field.Name()
	c.reportAt(a.Pos, catGuarded,
		fmt.Sprintf("%s is written without a lock in %s, which updates %s atomically and so runs beside itself: two calls write %s at once; set it before the value is shared, make it atomic, or guard it with a mutex",
			name, funcName(ctx.Fn), counter, a.Field.Name()),
		c.relatedPos(p.Pos, "updated atomically here"))
}

// atomicAdd reports whether an atomic access adds (or ands, or ors).
func atomicAdd(a *lockset.Access) bool {
	call, ok := chainEnd(a.Chain).(ssa.CallInstruction)
	if !ok {
		return false
	}
	fn := call.Common().StaticCallee()
	if fn == nil {
		return false
	}
	return lockset.CounterUpdate(fn.Name())
}

// afterLockCall reports whether a's write comes after a Lock method call in
// its own function: a lock type lockset does not know (go-zero's
// syncx.SpinLock) still excludes the other callers.
func afterLockCall(a *lockset.Access) bool {
	at := chainEnd(a.Chain)
	for _, b := range at.Parent().Blocks {
		if !b.Dominates(at.Block()) {
			continue
		}
		for _, instr := range b.Instrs {
			if b == at.Block() && instr == at {
				break
			}
			if m := lockMethod(instr); m == "Lock" || m == "RLock" {
				return true
			}
		}
	}
	return false
}

// countsAtomically reports whether ctx's own function adds to a counter
// atomically in an object reached from root: it runs beside itself. (A
// helper several calls down that counts, an action id, says nothing of the
// function that happens to call it.)
func countsAtomically(ctx *lockset.Context, root lockset.Root) bool {
	for _, a := range ctx.Accesses {
		if a.Atomic && a.Kind.IsWrite() && a.Fn == ctx.Fn && a.Path.Root == root && atomicAdd(a) {
			return true
		}
	}
	return false
}

// lockMethod is the name of the Lock or RLock method instr calls statically,
// on any type (a lock of the package's own too), or "".
func lockMethod(instr ssa.Instruction) string {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return ""
	}
	fn := call.Common().StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || fn.Name() != "Lock" && fn.Name() != "RLock" {
		return ""
	}
	return fn.Name()
}
