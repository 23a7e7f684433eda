package unboundedgo

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// unansweredRequests reports a function that queues a request carrying
// its own reply channel (a future) on a buffered channel field, then waits
// for the reply outside any select. The goroutines receiving from the field
// can return on shutdown; a request still in the buffer then is never
// answered, and the wait never ends.
func (c *checker) unansweredRequests() {
	ctxs := c.locks.Contexts()
	for _, fn := range c.ssa.SrcFuncs {
		sum := c.locks.Summary(fn)
		for _, s := range sum.Syncs {
			if s.Op != lockset.Send || s.Depth != 0 || !receiverField(s.Path) || !c.ops.FieldBuffered(s.Path.Last) {
				continue
			}
			req := sentValue(s.Instr)
			if req == nil {
				continue
			}
			wait := replyWait(sum, s, req)
			if wait == nil || c.generatedOnly(wait.Pos) {
				continue
			}
			x := &lockset.Context{Fn: fn, Kind: lockset.Exported}
			if loop, ok := c.onlyLoopsReceive(x, s, ctxs); ok && !drained(x, s, ctxs) {
				c.reportUnanswered(fn, s, wait, loop)
			}
		}
	}
}

// sentValue is the request a send or a select's only send case puts on
// the channel, seen through conversions to an interface.
func sentValue(in ssa.Instruction) ssa.Value {
	var v ssa.Value
	switch in := in.(type) {
	case *ssa.Send:
		v = in.X
	case *ssa.Select:
		for _, st := range in.States {
			if st.Send != nil {
				if v != nil {
					return nil
				}
				v = st.Send
			}
		}
	}
	if v == nil {
		return nil
	}
	return ssautil.Unwrap(v)
}

// replyWait is a receive outside a select, after the send, from a channel
// held in the request itself.
func replyWait(sum *lockset.Summary, s *lockset.Sync, req ssa.Value) *lockset.Sync {
	for _, r := range sum.Syncs {
		if r.Op == lockset.Recv && r.Blocking && r.Path.Root.Kind == lockset.Local && r.Path.Root.Value == req &&
			r.Path.Last != nil && lockset.Precedes(s.Chain, r.Chain) {
			return r
		}
	}
	return nil
}

// drained reports whether some receive of s's channel is a select with a
// default: a loop emptying the buffer, typically on the way out.
func drained(x *lockset.Context, s *lockset.Sync, ctxs []*lockset.Context) bool {
	for _, g := range ctxs {
		for _, t := range g.Syncs {
			if t.Op != lockset.Recv || t.Blocking || !sameChannel(x, s.Path, g, t.Path) {
				continue
			}
			if sel, ok := lastInstr(t.Chain).(*ssa.Select); ok && !sel.Blocking {
				return true
			}
		}
	}
	return false
}

func lastInstr(ch *lockset.Chain) ssa.Instruction {
	var last ssa.Instruction
	for ; ch != nil; ch = ch.Next {
		last = ch.Instr
	}
	return last
}

func (c *checker) reportUnanswered(fn *ssa.Function, s, wait *lockset.Sync, loop *lockset.Context) {
	name := s.Path.Last.Name()
	msg := fmt.Sprintf("%s waits for the answer to the request it queued on %s, but %s, the goroutine that receives from %s, can return (on shutdown) and leave it unanswered in the buffer, so this wait blocks forever; wait in a select that also has the shutdown case",
		funcLabel(fn), name, receiverLabel(fn, s, loop), name)
	pos := wait.Pos
	if wait.Chain != nil && wait.Depth > 0 {
		pos = wait.Chain.Instr.Pos() // the call in fn that leads to the wait
	}
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: CategoryLeak, Message: msg, Related: []analysis.RelatedInformation{
		{Pos: s.Pos, Message: "the request is queued here"},
		{Pos: loop.Spawn.Pos, Message: "the receiving goroutine starts here"},
	}})
}

// receiverLabel names the function of loop that receives s's request: a
// named function, or the function a closure is written in.
func receiverLabel(fn *ssa.Function, s *lockset.Sync, loop *lockset.Context) string {
	x := &lockset.Context{Fn: fn, Kind: lockset.Exported}
	for _, t := range loop.Syncs {
		if t.Op != lockset.Recv || !sameChannel(x, s.Path, loop, t.Path) {
			continue
		}
		recv := lastInstr(t.Chain).Parent()
		for recv.Parent() != nil {
			recv = recv.Parent()
		}
		return funcLabel(recv)
	}
	return funcLabel(loop.Fn)
}
