package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// sendOnlyField returns the field a store puts a channel into when the
// field's type is send-only (RespChan chan<- Response): whoever holds the
// struct can send the reply, or close, but never receive it.
func sendOnlyField(st *ssa.Store) *types.Var {
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	f := ssautil.FieldOf(fa)
	if f == nil {
		return nil
	}
	ch, ok := f.Type().Underlying().(*types.Chan)
	if !ok || ch.Dir() != types.SendOnly {
		return nil
	}
	return f.Origin()
}

// abandonedReply reports an unbuffered reply channel handed out send-only
// in a request's field, when the maker waits for the reply in a select that
// can return through another case (a timeout, ctx.Done()): the responder's
// send then finds no receiver and blocks forever. It is judged only when
// the package's sends on that field all block (none in a select), so the
// responder is known to wait.
func (c *checker) abandonedReply(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses) {
	size, ok := mc.Size.(*ssa.Const)
	if !ok || size.Value == nil || constant.Sign(size.Value) != 0 || u.closed || u.sends > 0 {
		return
	}
	var send *ssa.Send
	for _, f := range u.sendOnly {
		s, ok := c.onlyBlockingSends(f)
		if !ok {
			return
		}
		send = s
	}
	for _, r := range u.recvs {
		sel, ok := r.(*ssa.Select)
		if !ok {
			continue
		}
		if ex, ok := c.exitFrom(sel.Block(), indexOf(sel.Block(), sel), nil, u.vals); ok && ex.sel == sel {
			c.reportReply(fn, mc, u.sendOnly[0], send, ex)
			return
		}
	}
}

// onlyBlockingSends returns a send on field f when every send the package
// makes on it is a plain send statement.
func (c *checker) onlyBlockingSends(f *types.Var) (*ssa.Send, bool) {
	var found *ssa.Send
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Send:
					if loadsField(in.Chan, f) {
						found = in
					}
				case *ssa.Select:
					for _, st := range in.States {
						if loadsField(st.Chan, f) {
							return nil, false
						}
					}
				}
			}
		}
	}
	return found, found != nil
}

// loadsField reports whether v is the value of field f, loaded through its
// address or selected from a struct value.
func loadsField(v ssa.Value, f *types.Var) bool {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	switch v.(type) {
	case *ssa.FieldAddr, *ssa.Field:
		got := ssautil.FieldOf(v)
		return got != nil && got.Origin() == f
	}
	return false
}

func (c *checker) reportReply(fn *ssa.Function, mc *ssa.MakeChan, field *types.Var, send *ssa.Send, ex exit) {
	mk := nodeAt(c, mc.Pos(), func(call *ast.CallExpr) token.Pos { return call.Lparen })
	if mk == nil || len(mk.Args) == 0 {
		return
	}
	how, related := c.describeExit(ex)
	owner := funcName(fn)
	d := analysis.Diagnostic{
		Pos: mk.Pos(), End: mk.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("this reply channel is unbuffered and handed out as %s, but %s stops waiting for the reply %s; the responder's send then blocks forever, leaking its goroutine; give the channel a buffer of one: make(%s, 1)",
			field.Name(), owner, how, types.ExprString(mk.Args[0])),
	}
	if len(mk.Args) == 1 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "buffer the reply channel",
			TextEdits: []analysis.TextEdit{{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}},
		}}
	}
	if related.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: related, Message: owner + " returns here without the reply"})
	}
	if send != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: send.Pos(), Message: "the responder sends the reply here"})
	}
	c.pass.Report(d)
}
