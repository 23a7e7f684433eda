package chanops

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/ssautil"
)

// CanReturn reports whether some path through fn reaches a return. Paths end
// at a panic and at calls of functions that never return. A receive that
// ranges over a channel nobody closes never reports the channel closed: the
// ticker and time.Tick channels of the table, and the values in neverClosed
// (values of fn the caller knows are never closed).
func (r *Result) CanReturn(fn *ssa.Function, neverClosed map[ssa.Value]bool) bool {
	return r.Returns(fn, func(last ssa.Instruction, succs []*ssa.BasicBlock) []*ssa.BasicBlock {
		if r.NeverFalse(last, neverClosed) {
			return succs[:1]
		}
		return succs
	})
}

// Returns reports whether some path through fn reaches a return, where
// live narrows the successors of a block to those control can take from its
// last instruction. Paths end at a panic and at calls of functions that
// never return.
func (r *Result) Returns(fn *ssa.Function, live func(last ssa.Instruction, succs []*ssa.BasicBlock) []*ssa.BasicBlock) bool {
	if fn.Blocks == nil {
		return !r.Summary(fn).NoReturn
	}
	seen := make([]bool, len(fn.Blocks))
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if r.DeadEnd(b) {
			continue
		}
		last := b.Instrs[len(b.Instrs)-1]
		if _, ok := last.(*ssa.Return); ok {
			return true
		}
		for _, s := range live(last, b.Succs) {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// DeadEnd reports whether control never leaves b: it panics or calls a
// function that never returns.
func (r *Result) DeadEnd(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Panic:
			return true
		case *ssa.Call:
			if callee := in.Call.StaticCallee(); callee != nil && r.Summary(callee).NoReturn {
				return true
			}
		}
	}
	return false
}

// NeverFalse reports whether last is the test "ok" of a receive v, ok := <-ch
// (as a range over ch compiles to) on a channel that is never closed, so the
// false branch is never taken.
func (r *Result) NeverFalse(last ssa.Instruction, neverClosed map[ssa.Value]bool) bool {
	iff, ok := last.(*ssa.If)
	if !ok {
		return false
	}
	ext, ok := iff.Cond.(*ssa.Extract)
	if !ok || ext.Index != 1 {
		return false
	}
	recv, ok := ext.Tuple.(*ssa.UnOp)
	if !ok || recv.Op != token.ARROW || !recv.CommaOk {
		return false
	}
	return r.NeverClosed(recv.X, neverClosed)
}

// NeverClosed reports whether ch is a channel nobody closes: one of
// neverClosed, a ticker's or timer's C, the result of time.Tick, or a field
// of the package that no code can close.
func (r *Result) NeverClosed(ch ssa.Value, neverClosed map[ssa.Value]bool) bool {
	for {
		if neverClosed[ch] {
			return true
		}
		switch x := ch.(type) {
		case *ssa.ChangeType:
			ch = x.X
			continue
		case *ssa.UnOp:
			if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
				f := ssautil.FieldOf(fa)
				return limits.NeverClosedField(f) || r.FieldNeverClosed(f)
			}
			if x.Op == token.MUL && isChanPtr(x.X.Type()) {
				ch = x.X // a load of a captured channel variable
				continue
			}
		case *ssa.Call:
			if callee := x.Call.StaticCallee(); callee != nil {
				obj, _ := callee.Object().(*types.Func)
				return limits.Is(obj, limits.NeverClosedFuncs)
			}
		}
		return false
	}
}
