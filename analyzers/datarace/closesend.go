package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// chanOp is one context's send or close.
type chanOp struct {
	ctx *lockset.Context
	op  *lockset.Sync
}

// closedWhileSending reports a close of a channel field that may run while
// other code sends on the same channel: nothing orders the send before the
// close (no wait for the sender, no lock both hold), and a send on a closed
// channel panics (sarama's consumer group closing errors while sessions
// still report into it). A check of a closed flag or channel before the
// send does not help unless the check, the send and the close share a
// lock.
func (c *checker) closedWhileSending(generated func(token.Pos) bool) {
	var closes, sends []chanOp
	for _, ctx := range c.ls.Contexts() {
		if ctx.Kind == lockset.Unreferenced {
			continue // a function value, run as a goroutine or callback where the package says: counted there
		}
		for _, s := range ctx.Syncs {
			if !namedChannel(s.Path) || s.Deferred && s.Op == lockset.Send {
				continue
			}
			switch s.Op {
			case lockset.Close:
				closes = append(closes, chanOp{ctx, s})
			case lockset.Send:
				sends = append(sends, chanOp{ctx, s})
			}
		}
	}
	done := map[token.Pos]bool{}
	for _, x := range closes {
		if done[x.op.Pos] || generated(x.op.Pos) || c.inTestFilePos(x.op.Pos) || !bareClose(x, sends) || c.handshakes(x) {
			continue
		}
		for _, y := range sends {
			if y.op.Path.Last != x.op.Path.Last || generated(y.op.Pos) || !c.sendRaces(x, y) {
				continue
			}
			done[x.op.Pos] = true
			c.reportCloseSend(x, y)
			break
		}
	}
}

// namedChannel reports whether p names a channel other code can reach: a
// field, or the channel a function made and stored in the field of an
// object it made (go c.dispatch() on c := &Consumer{feeder: make(...)}).
func namedChannel(p lockset.Path) bool {
	if p.Last != nil {
		return true
	}
	_, made := p.Root.Value.(*ssa.MakeChan)
	return p.Root.Kind == lockset.Local && p.Steps == "" && made
}

// bareClose reports whether close x is made with nothing that may order
// it after the senders: the closer sends on the channel itself (the owner
// closing when its own sending is done), waits for a WaitGroup first, or
// holds a lock (a reference count or a closed flag the senders keep), or
// reaches the channel through an object it did not own. Such
// protocols are common and often right, and the analysis cannot pair them
// with the sends; a close with none of them relies on timing alone.
func bareClose(x chanOp, sends []chanOp) bool {
	if len(x.op.Held) > 0 || !ownedBase(x.op.Path) {
		return false
	}
	for w := range x.op.Waits {
		if joins(w) {
			return false
		}
	}
	for _, y := range sends {
		if y.ctx == x.ctx && lockset.SamePlace(y.op.Path, x.op.Path) {
			return false
		}
	}
	return true
}

// ownedBase reports whether the closer reaches the channel through its
// own object (its receiver, a parameter, a package variable, or something
// it made), not through a value it looked up or was handed (a child taken
// from a map of subscriptions), whose membership may be the protocol that
// keeps the senders away.
func ownedBase(p lockset.Path) bool {
	switch p.Root.Kind {
	case lockset.Param, lockset.Free, lockset.Global:
		return true
	case lockset.Local:
		switch p.Root.Value.(type) {
		case *ssa.MakeChan, *ssa.Alloc:
			return true
		}
	}
	return false
}

// joins reports whether a wait is on a group of goroutines (a WaitGroup,
// an errgroup, a routine group), not a channel received from or a lock.
func joins(w lockset.Path) bool {
	var t types.Type
	switch {
	case w.Last != nil:
		t = w.Last.Type()
	case w.Root.Kind == lockset.Local:
		t = typesutil.Deref(w.Root.Value.Type())
	case w.Root.Kind == lockset.Global:
		t = typesutil.Deref(w.Root.Obj.Type())
	default:
		return false
	}
	if _, isChan := t.Underlying().(*types.Chan); isChan {
		return false
	}
	return !ks.IsMutex(t)
}

// handshakes reports whether the function that defers close x receives,
// on some path, from a channel field that other code of the package closes
// or sends on: the closer waits for a signal before it returns where the
// code says so (a stop channel, a release), a protocol on the senders'
// state that the analysis cannot follow path by path, nor always reach in
// the sender's context. A deferred close with no such wait relies on
// timing alone.
func (c *checker) handshakes(x chanOp) bool {
	fn := deferringFn(x.op.Chain)
	if fn == nil {
		return false
	}
	for _, r := range c.ls.Summary(fn).Syncs {
		if r.Op == lockset.Recv && r.Path.Last != nil && c.signalledElsewhere(r.Path.Last, fn) {
			return true
		}
	}
	return false
}

// signalledElsewhere reports whether a function of the package other than
// fn closes or sends on the channel field f itself.
func (c *checker) signalledElsewhere(f *types.Var, fn *ssa.Function) bool {
	if c.signallers == nil {
		c.signallers = map[*types.Var][]*ssa.Function{}
		for _, g := range c.ssa.SrcFuncs {
			for _, s := range c.ls.Summary(g).Syncs {
				if s.Depth == 0 && (s.Op == lockset.Close || s.Op == lockset.Send) && s.Path.Last != nil {
					c.signallers[s.Path.Last] = append(c.signallers[s.Path.Last], g)
				}
			}
		}
	}
	for _, g := range c.signallers[f] {
		if g != fn {
			return true
		}
	}
	return false
}

// deferringFn returns the function whose defer runs the operation at the
// end of chain (defer close(ch), or a deferred func that closes), or nil.
func deferringFn(chain *lockset.Chain) *ssa.Function {
	for c := chain; c != nil; c = c.Next {
		if d, ok := c.Instr.(*ssa.Defer); ok {
			return d.Parent()
		}
	}
	return nil
}

// sendRaces reports whether send y may run at the same time as close x.
func (c *checker) sendRaces(x, y chanOp) bool {
	if !syncMatches(lockset.SameRoots(x.ctx, y.ctx), x.op.Path, y.op.Path) {
		return false
	}
	if sameThread(x.ctx, y.ctx) && !x.ctx.Self {
		return false // the sender closes its own channel when it is done
	}
	if !startedConcurrency(x.ctx) && !startedConcurrency(y.ctx) {
		return false // two API calls: whether they overlap is the caller's protocol
	}
	if !plainGoroutine(x.ctx) || !plainGoroutine(y.ctx) {
		return false // a pool or group started it, and its Stop or Wait may join it
	}
	if recovers(lastInstr(y.op.Chain).Parent()) {
		return false // the sender recovers the panic by design
	}
	ox, oy := opOcc(x), opOcc(y)
	return !sharesLock(ox.Access, oy.Access) && c.concurrent(ox, oy)
}

// opOcc describes a channel operation as a write of the channel, for the
// ordering and lock questions accesses answer.
func opOcc(o chanOp) occ {
	return occ{Ctx: o.ctx, Access: &lockset.Access{
		Path: o.op.Path, Field: o.op.Path.Last, Kind: lockset.Write,
		Held: o.op.Held, Waits: o.op.Waits, Pos: o.op.Pos, Fn: o.op.Instr.Parent(),
		Instr: o.op.Instr, Chain: o.op.Chain, Depth: o.op.Depth,
	}}
}

func (c *checker) reportCloseSend(x, y chanOp) {
	name := "the channel"
	if arg := c.closedArg(x.op.Pos); arg != nil {
		name = exprString(arg)
	} else if x.op.Path.Last != nil {
		name = x.op.Path.Last.Name()
	}
	c.reportAt(x.op.Pos, catCloseSend,
		fmt.Sprintf("%s is closed here while %s may still send on it, and a send on a closed channel panics; close it only after every sender has returned (wait for them), or make the senders' check and send, and the close, hold one lock",
			name, ctxName(y.ctx)),
		c.relatedPos(y.op.Pos, "the send"))
}

// startedConcurrency reports whether ctx is code the program itself runs
// beside other code: a goroutine, or a handler the server runs on many.
func startedConcurrency(ctx *lockset.Context) bool {
	return ctx.Kind == lockset.Goroutine || ctx.Kind == lockset.Handler
}

// closedArg returns the channel expression of the close call (or deferred
// close) at pos.
func (c *checker) closedArg(pos token.Pos) ast.Expr {
	f := c.fileOf(pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		var call *ast.CallExpr
		switch n := n.(type) {
		case *ast.DeferStmt:
			call = n.Call
		case *ast.CallExpr:
			call = n
		}
		if call != nil && len(call.Args) == 1 {
			return call.Args[0]
		}
	}
	return nil
}

// plainGoroutine reports whether ctx, if a goroutine, was started by a go
// statement rather than through a pool's or group's method.
func plainGoroutine(ctx *lockset.Context) bool {
	if ctx.Kind != lockset.Goroutine {
		return true
	}
	_, isGo := lastInstr(ctx.Spawn.Chain).(*ssa.Go)
	return isGo
}

func lastInstr(chain *lockset.Chain) ssa.Instruction {
	for chain.Next != nil {
		chain = chain.Next
	}
	return chain.Instr
}

// recovers reports whether fn defers a function that calls recover,
// itself or through a helper of the package (defer recoverSendOnClosed()).
func recovers(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if d, ok := in.(*ssa.Defer); ok && callsRecover(d.Call.StaticCallee(), 1) {
				return true
			}
		}
	}
	return false
}

// callsRecover reports whether fn calls recover, directly or, with depth
// left, through a function of its own package.
func callsRecover(fn *ssa.Function, depth int) bool {
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			c, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
				return true
			}
			if callee := c.Call.StaticCallee(); depth > 0 && callee != nil && callee.Pkg == fn.Pkg && callsRecover(callee, depth-1) {
				return true
			}
		}
	}
	return false
}
