package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// writesAfterSend reports a write into memory that the function has just
// sent on a channel, through the pointer, slice or map it sent: from the
// send on, the receiver owns that memory and may read it while the sender
// writes. A write after the sender has received, selected or waited again
// (the reply of a request) is ordered and left alone.
func (c *checker) writesAfterSend(generated func(token.Pos) bool) {
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for i, instr := range b.Instrs {
				send, ok := instr.(*ssa.Send)
				if !ok || !sharesMemory(send.X.Type()) || generated(send.Pos()) {
					continue
				}
				if w := c.writeAfter(b, i, send.X); w != nil && !generated(w.Pos()) && !c.lockedAt(fn, w.Pos()) {
					c.reportAfterSend(send, w)
				}
			}
		}
	}
}

// lockedAt reports whether fn holds a lock where it writes at pos: the
// object's own lock (a future voting under v.voteLock), which the
// receiver takes too.
func (c *checker) lockedAt(fn *ssa.Function, pos token.Pos) bool {
	for _, a := range c.ls.Summary(fn).Accesses {
		if a.Pos == pos && a.Held.Any() {
			return true
		}
	}
	return false
}

// sharesMemory reports whether a value of type t refers to memory its
// copies share: a pointer, a slice or a map.
func sharesMemory(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map:
		return true
	}
	return false
}

// writeAfter returns the first write through v on a path from instruction
// i of b that no receive, select, wait or lock comes before.
func (c *checker) writeAfter(b *ssa.BasicBlock, i int, v ssa.Value) ssa.Instruction {
	seen := map[*ssa.BasicBlock]bool{}
	var walk func(b *ssa.BasicBlock, from int) ssa.Instruction
	walk = func(b *ssa.BasicBlock, from int) ssa.Instruction {
		for _, instr := range b.Instrs[from:] {
			if def, ok := v.(ssa.Instruction); ok && instr == def {
				return nil // the loop makes a new one: the sent one is not written
			}
			if writesThrough(instr, v) {
				return instr
			}
			if c.orders(instr, v) {
				return nil
			}
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				if w := walk(s, 0); w != nil {
					return w
				}
			}
		}
		return nil
	}
	return walk(b, i+1)
}

// writesThrough reports whether instr writes memory reached from v: a
// field or element of it, or of what its fields point to.
func writesThrough(instr ssa.Instruction, v ssa.Value) bool {
	switch in := instr.(type) {
	case *ssa.Store:
		return reachedFrom(in.Addr, v, 0)
	case *ssa.MapUpdate:
		return in.Map == v
	}
	return false
}

func reachedFrom(addr, v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		return a.X == v || reachedFrom(a.X, v, depth+1)
	case *ssa.IndexAddr:
		return a.X == v || reachedFrom(a.X, v, depth+1)
	case *ssa.UnOp:
		return a.Op == token.MUL && reachedFrom(a.X, v, depth+1)
	}
	return false
}

// orders reports whether instr may wait for the receiver: a receive, a
// select, a call of sync's or of a function of the package that
// synchronizes, or a call through a value given the sent memory.
func (c *checker) orders(instr ssa.Instruction, v ssa.Value) bool {
	switch in := instr.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		return true
	case ssa.CallInstruction:
		return c.callOrders(in.Common(), v)
	}
	return false
}

func (c *checker) callOrders(call *ssa.CallCommon, v ssa.Value) bool {
	if _, builtin := call.Value.(*ssa.Builtin); builtin {
		return false
	}
	fn := call.StaticCallee()
	if fn == nil {
		return slices.Contains(call.Args, v)
	}
	if fn.Pkg != nil && fn.Pkg.Pkg == c.pass.Pkg {
		sum := c.ls.Summary(fn)
		return len(sum.Syncs) > 0 || len(sum.Acquires) > 0 || sum.ExitWaits.Any()
	}
	if obj := ssautil.FuncObject(fn); obj != nil && obj.Pkg() != nil {
		path := obj.Pkg().Path()
		return path == "sync" || path == "sync/atomic" || strings.Contains(fn.Name(), "Wait")
	}
	return false
}

func (c *checker) reportAfterSend(send *ssa.Send, w ssa.Instruction) {
	name := "the value"
	in := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	in.Preorder([]ast.Node{(*ast.SendStmt)(nil)}, func(n ast.Node) {
		if s := n.(*ast.SendStmt); s.Arrow == send.Pos() {
			name = types.ExprString(s.Value)
		}
	})
	c.reportAt(w.Pos(), catShared,
		fmt.Sprintf("%s is written after it was sent on a channel on line %d: the receiver owns it from the send and may read it at the same time; finish writing before the send, or send a copy",
			name, c.pass.Fset.Position(send.Pos()).Line),
		c.relatedPos(send.Pos(), "sent here"))
}
