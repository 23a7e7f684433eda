package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/chanops"
)

// worker is a goroutine that receives from a producer's channel.
type worker struct {
	fn    *ssa.Function
	v     ssa.Value // the channel inside fn
	start token.Pos // the go statement or spawner call
}

// spawnerCalls returns the positions of the calls that start their
// function argument as a goroutine (errgroup.Go, WaitGroup.Go, a wrapper).
func (c *checker) spawnerCalls() map[token.Pos]bool {
	spawners := map[token.Pos]bool{}
	for _, s := range c.conc.Spawns {
		if s.Kind != kc.SpawnGo && s.Kind != kc.SpawnAfterFunc {
			spawners[s.Call.Lparen] = true
		}
	}
	return spawners
}

// sizedToData reports whether the buffer is len(x): sized to the items.
func sizedToData(mc *ssa.MakeChan) bool {
	call, ok := mc.Size.(*ssa.Call)
	if !ok {
		if conv, isConv := mc.Size.(*ssa.Convert); isConv {
			call, ok = conv.X.(*ssa.Call)
		}
	}
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && (b.Name() == "len" || b.Name() == "cap")
}

// strandedProducer reports a send in a loop on a channel whose only
// receivers are workers that can all return from inside their receive loop
// (on an error) while the channel is still open: once they have, nothing
// receives and the producer blocks forever, and so does whoever waits for
// it (an errgroup's Wait). The classic errgroup pitfall. A buffer of
// len(items) has room for every send.
func (c *checker) strandedProducer(mc *ssa.MakeChan, spawners map[token.Pos]bool) {
	if sizedToData(mc) {
		return
	}
	var sends []*ssa.Send
	var workers []worker
	vals := []ssa.Value{mc}
	for k := 0; k < len(vals); k++ {
		v := vals[k]
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.ChangeType:
				vals = append(vals, ref)
			case *ssa.UnOp:
				switch {
				case ref.Op == token.MUL && v != ssa.Value(mc):
					vals = append(vals, ref) // a load of the channel variable's cell
				case ref.Op == token.ARROW:
					return // the producer receives too
				default:
					return
				}
			case *ssa.Send:
				if ref.X == v {
					return
				}
				sends = append(sends, ref)
			case *ssa.Store:
				if ref.Addr == v {
					continue // the cell's one initializing store
				}
				cell, ok := ref.Addr.(*ssa.Alloc)
				if !ok || ref.Val != v || v != ssa.Value(mc) || !chanops.AssignedOnce(cell) {
					return // kept elsewhere: other receivers may exist
				}
				vals = append(vals, cell) // a captured channel variable lives in a cell
			case *ssa.Call:
				if !isClose(ref) {
					return
				}
			case *ssa.MakeClosure:
				w, ok := startedClosure(ref, v, spawners)
				if !ok {
					return
				}
				workers = append(workers, w)
			case *ssa.Select:
				// a send in a select with other cases has its own way out
			default:
				return
			}
		}
	}
	send := loopSend(sends)
	if send == nil || len(workers) == 0 {
		return
	}
	for _, w := range workers {
		if c.ops.OpsOn(w.fn, w.v) != chanops.Recv || !receivesInLoop(w) || !c.ops.CanReturn(w.fn, map[ssa.Value]bool{w.v: true}) {
			return // a worker that sends, closes or only stops when the channel closes keeps draining
		}
	}
	c.reportStranded(send, workers[0])
}

// receivesInLoop reports whether the worker itself receives from its
// channel in a loop: a consumer, not a holder of a semaphore slot.
func receivesInLoop(w worker) bool {
	for _, v := range chanops.Aliases(w.v) {
		for _, ref := range *v.Referrers() {
			if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.ARROW && ssautil.InCycle(u.Block()) {
				return true
			}
		}
	}
	return false
}

func isClose(call *ssa.Call) bool {
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

// startedClosure accepts a closure capturing the channel that is only
// started, by a go statement or a spawner call.
func startedClosure(mc *ssa.MakeClosure, v ssa.Value, spawners map[token.Pos]bool) (worker, bool) {
	refs := *mc.Referrers()
	if len(refs) != 1 {
		return worker{}, false
	}
	var start token.Pos
	switch r := refs[0].(type) {
	case *ssa.Go:
		if r.Call.Value != mc {
			return worker{}, false
		}
		start = r.Pos()
	case *ssa.Call:
		if !spawners[r.Pos()] {
			return worker{}, false
		}
		start = r.Pos()
	default:
		return worker{}, false
	}
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b == v && i < len(fn.FreeVars) {
			return worker{fn: fn, v: fn.FreeVars[i], start: start}, true
		}
	}
	return worker{}, false
}

// loopSend returns a plain send that runs once per iteration of a loop.
func loopSend(sends []*ssa.Send) *ssa.Send {
	for _, s := range sends {
		if ssautil.InCycle(s.Block()) {
			return s
		}
	}
	return nil
}

func (c *checker) reportStranded(send *ssa.Send, w worker) {
	name := "the channel"
	if st := nodeAt(c, send.Pos(), func(st *ast.SendStmt) token.Pos { return st.Arrow }); st != nil {
		name = types.ExprString(st.Chan)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: send.Pos(), Category: CategoryLeak,
		Message: fmt.Sprintf("this send blocks forever once every worker receiving from %s has returned early (each can return from inside its receive loop, on an error), since nothing else receives from it, and whoever waits for this function waits too; send in a select with ctx.Done() or a channel the workers close on exit", name),
		Related: []analysis.RelatedInformation{{Pos: w.start, Message: "a worker that can stop receiving starts here"}},
	})
}
