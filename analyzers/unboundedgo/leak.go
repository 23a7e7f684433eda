package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/chanops"
)

// goroutineUse is a goroutine that the channel is handed to: captured by the
// started closure or passed to the started function.
type goroutineUse struct {
	g   *ssa.Go
	fn  *ssa.Function // the started function, nil when it has no body here
	v   ssa.Value     // the channel inside fn: a free variable or a parameter
	ops chanops.Ops
}

// chanUses is everything the function that makes a channel does with it.
type chanUses struct {
	goroutines []goroutineUse
	recvs      []ssa.Instruction // receives by the maker itself
	sends      int
	closed     bool
	escapes    bool               // anything else: the channel's partners are not all known
	sendOnly   []*types.Var       // send-only fields it is stored in (a request's reply channel)
	vals       map[ssa.Value]bool // the values that are the channel in its maker
}

// leaks looks at every channel a function makes and hands to a goroutine.
func (c *checker) leaks() {
	spawners := c.spawnerCalls()
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if mc, ok := in.(*ssa.MakeChan); ok && !c.generatedOnly(mc.Pos()) {
					c.chanLeak(fn, mc)
					// Tests hand values between goroutines by protocols
					// (a governor feeding a racer) that this rule, written
					// for the errgroup producer pitfall, reads as stranded.
					if !c.generated(mc.Pos()) {
						c.strandedProducer(mc, spawners)
					}
				}
			}
		}
	}
}

func (c *checker) chanLeak(fn *ssa.Function, mc *ssa.MakeChan) {
	u := c.usesOf(mc)
	if len(u.sendOnly) > 0 {
		if !u.escapes && len(u.goroutines) == 0 {
			c.abandonedReply(fn, mc, u)
		}
		return // holders of the field may send or close: the other rules cannot count partners
	}
	if u.escapes || len(u.goroutines) == 0 {
		return
	}
	if size, ok := mc.Size.(*ssa.Const); ok && size.Value != nil {
		if n, exact := constant.Int64Val(size.Value); exact && n == 0 {
			c.abandonedSend(fn, mc, u)
		} else if exact && n > 0 {
			c.overflowingSends(fn, mc, u, n)
		}
	}
	c.unclosedRange(fn, mc, u)
}

func (c *checker) usesOf(mc *ssa.MakeChan) *chanUses {
	u := &chanUses{vals: map[ssa.Value]bool{}}
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		u.vals[v] = true
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef, *ssa.BinOp:
			case *ssa.ChangeType:
				walk(ref)
			case *ssa.Store:
				if cell, ok := ref.Addr.(*ssa.Alloc); ok && ref.Val == v && v == ssa.Value(mc) && chanops.AssignedOnce(cell) {
					walk(cell) // a channel variable captured by a closure lives in a cell
				} else if f := sendOnlyField(ref); f != nil && ref.Val == v {
					u.sendOnly = append(u.sendOnly, f)
				} else if ref.Addr != v {
					u.escapes = true
				}
			case *ssa.Send:
				u.sends++
				u.escapes = u.escapes || ref.X == v
			case *ssa.UnOp:
				switch {
				case ref.Op == token.ARROW:
					u.recvs = append(u.recvs, ref)
				case ref.Op == token.MUL && v != ssa.Value(mc):
					walk(ref) // a load from the cell
				default:
					u.escapes = true
				}
			case *ssa.Select:
				c.selectUse(u, ref, v)
			case *ssa.MakeClosure:
				c.closureUse(u, ref, v)
			case *ssa.Go:
				c.goUse(u, ref, ref.Call.StaticCallee(), v)
			case *ssa.Call:
				c.callUse(u, ref, v)
			default:
				u.escapes = true
			}
		}
	}
	walk(mc)
	return u
}

func (c *checker) selectUse(u *chanUses, sel *ssa.Select, v ssa.Value) {
	for _, st := range sel.States {
		switch {
		case st.Send == v:
			u.escapes = true
		case st.Chan == v && st.Dir == types.RecvOnly:
			u.recvs = append(u.recvs, sel)
		case st.Chan == v:
			u.sends++
		}
	}
}

func (c *checker) callUse(u *chanUses, call *ssa.Call, v ssa.Value) {
	if b, ok := call.Call.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			u.closed = true
		case "len", "cap":
		default:
			u.escapes = true
		}
		return
	}
	u.escapes = true // a helper's receive cannot be placed on a path
}

// closureUse accepts a closure capturing the channel only when the closure
// is started by a go statement.
func (c *checker) closureUse(u *chanUses, mc *ssa.MakeClosure, v ssa.Value) {
	refs := *mc.Referrers()
	if len(refs) != 1 {
		u.escapes = true
		return
	}
	g, ok := refs[0].(*ssa.Go)
	if !ok || g.Call.Value != mc || len(g.Call.Args) > 0 && containsValue(g.Call.Args, v) {
		u.escapes = true
		return
	}
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b == v && i < len(fn.FreeVars) {
			fv := fn.FreeVars[i]
			u.goroutines = append(u.goroutines, goroutineUse{g: g, fn: fn, v: fv, ops: c.ops.OpsOn(fn, fv)})
		}
	}
}

func (c *checker) goUse(u *chanUses, g *ssa.Go, callee *ssa.Function, v ssa.Value) {
	if callee == nil || g.Call.Value == v {
		u.escapes = true
		return
	}
	sum := c.ops.Summary(callee)
	for i, a := range g.Call.Args {
		if a != v {
			continue
		}
		gu := goroutineUse{g: g, ops: chanops.Escape}
		if i < len(sum.Params) {
			gu.ops = sum.Params[i]
		}
		if callee.Blocks != nil && i < len(callee.Params) {
			gu.fn, gu.v = callee, callee.Params[i]
		}
		u.goroutines = append(u.goroutines, gu)
	}
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// abandonedSend reports a goroutine that sends on an unbuffered channel when
// the function that made the channel can return without receiving from it.
func (c *checker) abandonedSend(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses) {
	senders := onlySenders(u)
	for _, s := range senders {
		if exit, ok := c.exitWithoutRecv(s.g, u.vals); ok {
			c.reportAbandoned(fn, mc, s, exit, len(senders) == 1 && len(u.goroutines) == 1)
			return
		}
	}
}

// onlySenders returns the goroutines that send on the channel, when the
// maker neither closes nor sends on it and no goroutine does anything but
// send: then only the maker can take their values.
func onlySenders(u *chanUses) []goroutineUse {
	if u.closed || u.sends > 0 {
		return nil
	}
	var senders []goroutineUse
	for _, g := range u.goroutines {
		if g.ops&^(chanops.Send|chanops.SelSend|chanops.Close) != 0 {
			return nil // the goroutine also receives, or lets the channel go
		}
		if g.ops&chanops.Send != 0 {
			senders = append(senders, g)
		}
	}
	return senders
}

// overflowingSends reports a buffered channel with fewer slots than the
// goroutines that each send on it once, when the maker can return without
// receiving: the values beyond the buffer are never taken, so their senders
// block forever. A sender started in a loop is not counted, so a buffer
// sized to the loop stays silent.
func (c *checker) overflowingSends(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses, slots int64) {
	senders := onlySenders(u)
	if int64(len(senders)) <= slots {
		return
	}
	for _, s := range senders {
		if !c.sendsOnce(s) || ssautil.InCycle(s.g.Block()) {
			return
		}
	}
	// From the last go statement on, every sender has started.
	last := senders[len(senders)-1].g
	for _, s := range senders[:len(senders)-1] {
		if !ssautil.Precedes(s.g, last) {
			return
		}
	}
	if ex, ok := c.exitWithoutRecv(last, u.vals); ok {
		c.reportOverflow(fn, mc, len(senders), slots, ex)
	}
}

func (c *checker) reportOverflow(fn *ssa.Function, mc *ssa.MakeChan, senders int, slots int64, ex exit) {
	mk := nodeAt(c, mc.Pos(), func(call *ast.CallExpr) token.Pos { return call.Lparen })
	if mk == nil || len(mk.Args) != 2 {
		return
	}
	how, related := c.describeExit(ex)
	owner := funcName(fn)
	name := "the channel"
	if id := assignedName(c, mk); id != "" {
		name = id
	}
	d := analysis.Diagnostic{
		Pos: mk.Pos(), End: mk.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("%s buffers %d but %d goroutines each send on it once, and %s returns %s, so the sends beyond the buffer block forever and leak their goroutines; give %s a slot per sender: make(%s, %d)",
			name, slots, senders, owner, how, name, types.ExprString(mk.Args[0]), senders),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("give %s a buffer of %d", name, senders),
			TextEdits: []analysis.TextEdit{{Pos: mk.Args[1].Pos(), End: mk.Args[1].End(), NewText: []byte(fmt.Sprint(senders))}},
		}},
	}
	if related.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: related, Message: owner + " returns here without receiving"}}
	}
	c.pass.Report(d)
}

// assignedName returns the variable a make call is assigned to, or "".
func assignedName(c *checker, mk *ast.CallExpr) string {
	f := c.file(mk.Pos())
	if f == nil {
		return ""
	}
	name := ""
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || name != "" {
			return name == ""
		}
		for i, r := range as.Rhs {
			if r == mk && i < len(as.Lhs) {
				name = types.ExprString(as.Lhs[i])
			}
		}
		return true
	})
	return name
}

// exit is how the maker leaves without receiving: through a select case, a
// select's default, or a return.
type exit struct {
	sel   *ssa.Select
	state int             // the select case taken; -1 for default
	ret   ssa.Instruction // the return, or the call that ends the goroutine (t.Fatal)
	// failed is set once the path has marked a test failed (t.Error,
	// t.Fatal): a test leaks there only when it fails anyway.
	failed bool
}

// exitWithoutRecv searches the maker's control flow from the go statement
// for a return that no receive from the channel precedes.
func (c *checker) exitWithoutRecv(g *ssa.Go, vals map[ssa.Value]bool) (exit, bool) {
	return c.exitFrom(g.Block(), indexOf(g.Block(), g)+1, g, vals)
}

// exitFrom searches the maker's control flow from instruction from of b
// for a return that no receive from the channel precedes; g, when not nil,
// is the go statement whose next round ends a path.
func (c *checker) exitFrom(b *ssa.BasicBlock, from int, g *ssa.Go, vals map[ssa.Value]bool) (exit, bool) {
	isCh := func(v ssa.Value) bool { return vals[v] }
	type item struct {
		b    *ssa.BasicBlock
		from int
		ex   exit
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []item{{b, from, exit{state: -1}}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		ex, succs, done := c.scanBlock(it.b, it.from, it.ex, g, isCh)
		if done {
			if ex.ret != nil && !ex.failed {
				return ex, true
			}
			continue
		}
		for i, s := range succs {
			if s == nil || seen[s] {
				continue
			}
			seen[s] = true
			next := ex
			if i == 0 {
				if k, sel := caseTest(it.b); sel != nil && next.sel == sel {
					next.state = k
				}
			}
			work = append(work, item{s, 0, next})
		}
	}
	return exit{}, false
}

// scanBlock follows b from instruction from. It stops (done) at a receive
// from the channel, the go statement again, a panic or a call that never
// returns (with ex.ret nil), and at a return (with ex.ret set). Otherwise it
// returns the successors to follow, nil for a case of a select that receives
// from the channel.
func (c *checker) scanBlock(b *ssa.BasicBlock, from int, ex exit, g *ssa.Go, isCh func(ssa.Value) bool) (exit, []*ssa.BasicBlock, bool) {
	for _, in := range b.Instrs[from:] {
		switch in := in.(type) {
		case *ssa.Call:
			callee := in.Call.StaticCallee()
			if callee == nil {
				continue
			}
			ex.failed = ex.failed || limits.Is(funcObj(callee), limits.TestFailures)
			if limits.Is(funcObj(callee), limits.GoroutineExits) {
				ex.ret = in // the maker's goroutine ends; what it started does not
				return ex, nil, true
			}
		}
	}
	if c.ops.DeadEnd(b) {
		return ex, nil, true
	}
	for _, in := range b.Instrs[from:] {
		switch in := in.(type) {
		case *ssa.UnOp:
			if in.Op == token.ARROW && isCh(in.X) {
				return ex, nil, true
			}
		case *ssa.Go:
			if in == g {
				return ex, nil, true
			}
		case *ssa.Select:
			for _, st := range in.States {
				if isCh(st.Chan) {
					ex.sel = in
				}
			}
		case *ssa.Return:
			ex.ret = in
			return ex, nil, true
		}
	}
	if receivingLoop(b, isCh) {
		return ex, nil, true // a loop that receives: assume it runs once per sender
	}
	succs := append([]*ssa.BasicBlock(nil), b.Succs...)
	if k, sel := caseTest(b); sel != nil && sel == ex.sel && k >= 0 && isCh(sel.States[k].Chan) {
		succs[0] = nil // the case that receives
	}
	return ex, succs, false
}

// receivingLoop reports whether b is the guard of a loop whose body
// receives from the channel: for i := 0; i < n; i++ { <-done }. The branch
// that skips the body is the zero-trip one, which only the count rules out,
// so b counts as a receive. The body must loop and rejoin b's other branch.
func receivingLoop(b *ssa.BasicBlock, isCh func(ssa.Value) bool) bool {
	if len(b.Succs) != 2 {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{b: true}
	work := []*ssa.BasicBlock{b.Succs[0]}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if receives(x, isCh) && ssautil.InCycle(x) && ssautil.Reaches(x, b.Succs[1]) {
			return true
		}
		work = append(work, x.Succs...)
	}
	return false
}

func receives(b *ssa.BasicBlock, isCh func(ssa.Value) bool) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.UnOp:
			if in.Op == token.ARROW && isCh(in.X) {
				return true
			}
		case *ssa.Select:
			for _, st := range in.States {
				if isCh(st.Chan) && st.Dir == types.RecvOnly {
					return true
				}
			}
		}
	}
	return false
}

// caseTest recognizes the end of a block that dispatches on a select's
// chosen case: if idx == k.
func caseTest(b *ssa.BasicBlock) (int, *ssa.Select) {
	if len(b.Instrs) == 0 {
		return -1, nil
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1, nil
	}
	eq, ok := iff.Cond.(*ssa.BinOp)
	if !ok || eq.Op != token.EQL {
		return -1, nil
	}
	ext, ok := eq.X.(*ssa.Extract)
	k, ok2 := eq.Y.(*ssa.Const)
	if !ok || !ok2 || ext.Index != 0 || k.Value == nil {
		return -1, nil
	}
	sel, ok := ext.Tuple.(*ssa.Select)
	if !ok {
		return -1, nil
	}
	n, exact := constant.Int64Val(k.Value)
	if !exact || n < 0 || int(n) >= len(sel.States) {
		return -1, nil
	}
	return int(n), sel
}

func indexOf(b *ssa.BasicBlock, in ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == in {
			return i
		}
	}
	return -1
}

func (c *checker) reportAbandoned(fn *ssa.Function, mc *ssa.MakeChan, s goroutineUse, ex exit, single bool) {
	at, name := c.sendSite(s)
	if name == "" {
		name = "the channel"
	}
	how, related := c.describeExit(ex)
	owner := funcName(fn)
	msg := fmt.Sprintf("the goroutine's send on %s blocks forever when %s returns %s first, leaking the goroutine; ", name, owner, how)
	mk := nodeAt(c, mc.Pos(), func(call *ast.CallExpr) token.Pos { return call.Lparen })
	var fixes []analysis.SuggestedFix
	if single && mk != nil && len(mk.Args) == 1 && c.sendsOnce(s) && !ssautil.InCycle(s.g.Block()) {
		msg += fmt.Sprintf("give %s a buffer of one: make(%s, 1)", name, types.ExprString(mk.Args[0]))
		fixes = []analysis.SuggestedFix{{
			Message:   "make " + name + " buffered with capacity 1",
			TextEdits: []analysis.TextEdit{{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}},
		}}
	} else {
		msg += fmt.Sprintf("give %s a buffer for every send, or send in a select with ctx.Done()", name)
	}
	d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: CategoryLeak, Message: msg, SuggestedFixes: fixes}
	if related.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: related, Message: owner + " returns here without receiving"})
	}
	if mk != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: mk.Pos(), End: mk.End(), Message: name + " is made unbuffered here"})
	}
	c.pass.Report(d)
}

// sendSite finds the send statement in the goroutine that blocks, or the go
// statement when the send is in a function it calls, and the channel's name.
func (c *checker) sendSite(s goroutineUse) (ast.Node, string) {
	goStmt := nodeAt(c, s.g.Pos(), func(g *ast.GoStmt) token.Pos { return g.Go })
	if s.fn != nil && s.fn.Parent() != nil { // a closure: its send is the statement to change
		for _, send := range sendsOn(s.v) {
			if st := nodeAt(c, send.Pos(), func(st *ast.SendStmt) token.Pos { return st.Arrow }); st != nil {
				return st, types.ExprString(st.Chan)
			}
		}
	}
	if goStmt != nil {
		return goStmt, ""
	}
	return &ast.Ident{NamePos: s.g.Pos()}, ""
}

// sendsOnce reports whether the goroutine sends exactly once, outside any
// loop, so that one slot of buffer always lets it finish.
func (c *checker) sendsOnce(s goroutineUse) bool {
	if s.fn == nil || s.ops != chanops.Send {
		return false
	}
	sends := sendsOn(s.v)
	return len(sends) == 1 && !ssautil.InCycle(sends[0].Block())
}

// sendsOn returns the send statements on v and its aliases.
func sendsOn(v ssa.Value) []*ssa.Send {
	var out []*ssa.Send
	for _, a := range chanops.Aliases(v) {
		for _, ref := range *a.Referrers() {
			if send, ok := ref.(*ssa.Send); ok && send.Chan == a {
				out = append(out, send)
			}
		}
	}
	return out
}

func (c *checker) describeExit(ex exit) (string, token.Pos) {
	if ex.sel != nil && ex.state >= 0 {
		st := ex.sel.States[ex.state]
		if u := nodeAt(c, st.Pos, func(u *ast.UnaryExpr) token.Pos { return u.OpPos }); u != nil {
			return "through the " + types.ExprString(u) + " case", st.Pos
		}
		return "through another select case", st.Pos
	}
	if ex.sel != nil {
		return "through the select's default case", ex.sel.Pos()
	}
	return "before receiving", ex.ret.Pos()
}

func funcName(fn *ssa.Function) string {
	if fn.Parent() == nil {
		return fn.Name()
	}
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return "the function literal in " + fn.Name()
}

// unclosedRange reports a goroutine that ranges over a channel its maker
// never closes: once the maker returns, the goroutine waits forever.
func (c *checker) unclosedRange(fn *ssa.Function, mc *ssa.MakeChan, u *chanUses) {
	if u.closed || isProcessLifetime(fn) || !c.ops.CanReturn(fn, nil) {
		return
	}
	for _, g := range u.goroutines {
		if g.ops&(chanops.Close|chanops.Escape) != 0 {
			return
		}
	}
	for _, g := range u.goroutines {
		if g.fn == nil || g.ops&chanops.Recv == 0 {
			continue
		}
		if !c.ops.CanReturn(g.fn, nil) || c.ops.CanReturn(g.fn, map[ssa.Value]bool{g.v: true}) {
			continue // it never returns anyway, or it has another way out
		}
		c.reportUnclosed(fn, mc, g)
		return
	}
}

// isProcessLifetime reports whether fn's return ends the process or happens
// once: main and init.
func isProcessLifetime(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name() == "init" || fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main"
}

func (c *checker) reportUnclosed(fn *ssa.Function, mc *ssa.MakeChan, g goroutineUse) {
	var at ast.Node
	name := "the channel"
	var refs []ssa.Instruction
	for _, a := range chanops.Aliases(g.v) {
		refs = append(refs, *a.Referrers()...)
	}
	for _, ref := range refs {
		recv, ok := ref.(*ssa.UnOp)
		if !ok || recv.Op != token.ARROW || !recv.CommaOk {
			continue
		}
		if rs := nodeAt(c, recv.Pos(), func(rs *ast.RangeStmt) token.Pos { return rs.For }); rs != nil {
			at, name = rs.X, types.ExprString(rs.X)
			break
		}
		if u := nodeAt(c, recv.Pos(), func(u *ast.UnaryExpr) token.Pos { return u.OpPos }); u != nil {
			at, name = u, types.ExprString(u.X)
			break
		}
	}
	if at == nil {
		return
	}
	owner := funcName(fn)
	d := analysis.Diagnostic{
		Pos: at.Pos(), End: at.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine waits on %s, which %s never closes, so it blocks forever once %s returns; close %s after the last send",
			name, owner, owner, name),
	}
	if mk := nodeAt(c, mc.Pos(), func(call *ast.CallExpr) token.Pos { return call.Lparen }); mk != nil {
		d.Related = []analysis.RelatedInformation{{Pos: mk.Pos(), End: mk.End(), Message: name + " is made here and never closed"}}
	}
	c.pass.Report(d)
}

func funcObj(fn *ssa.Function) *types.Func {
	obj, _ := fn.Object().(*types.Func)
	if obj != nil {
		obj = obj.Origin()
	}
	return obj
}
