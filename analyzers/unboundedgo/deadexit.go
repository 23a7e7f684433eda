package unboundedgo

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// deadExit reports a goroutine whose code was written to end, but whose
// every way out waits for a signal nothing can give: a range over a
// channel field that nothing closes, or a receive from a stop channel that
// only functions no production code calls ever send on or close. The
// goroutine then outlives its owner, one per start.
func (c *checker) deadExit(s *concurrency.Spawn) bool {
	fn := c.ssaFunc(s.Body)
	if fn == nil || !c.ops.Returns(fn, everySucc) {
		return false // no exit written: foreverPerInstance's business
	}
	encl := c.enclosingFunc(s)
	if encl == nil || encl.Name() == "main" || encl.Name() == "init" {
		return false // lives as long as the process
	}
	if !c.ops.CanReturn(fn, nil) {
		return c.rangeNeverEnds(s, fn, encl)
	}
	if c.inTestFile(s.Node.Pos()) {
		return false // in a test, the tests are the code that signals
	}
	dead := map[*types.Var]*ssa.Function{}
	live := func(last ssa.Instruction, succs []*ssa.BasicBlock) []*ssa.BasicBlock {
		return c.liveSuccs(last, succs, dead, nil)
	}
	if c.ops.Returns(fn, live) {
		return false
	}
	gates := c.exitGates(fn, dead)
	if len(gates) == 0 {
		return false
	}
	c.reportDeadSignal(s, gates)
	return true
}

// exitGates keeps the dead fields whose signal alone would let fn return:
// the stop channels, not the work channels of the same select.
func (c *checker) exitGates(fn *ssa.Function, dead map[*types.Var]*ssa.Function) map[*types.Var]*ssa.Function {
	gates := map[*types.Var]*ssa.Function{}
	for f, by := range dead {
		others := map[*types.Var]*ssa.Function{}
		live := func(last ssa.Instruction, succs []*ssa.BasicBlock) []*ssa.BasicBlock {
			return c.liveSuccs(last, succs, others, f)
		}
		if c.ops.Returns(fn, live) {
			gates[f] = by
		}
	}
	return gates
}

func everySucc(_ ssa.Instruction, succs []*ssa.BasicBlock) []*ssa.BasicBlock { return succs }

// liveSuccs narrows a block's successors to those a goroutine can take:
// not the case of a select, nor the code after a receive, that waits on a
// channel field no production code signals. Those fields are added to
// dead, each with a function that signals it (nil for none); alive is a
// field taken to be signalled.
func (c *checker) liveSuccs(last ssa.Instruction, succs []*ssa.BasicBlock, dead map[*types.Var]*ssa.Function, alive *types.Var) []*ssa.BasicBlock {
	if c.ops.NeverFalse(last, nil) {
		return succs[:1]
	}
	b := last.Block()
	for _, in := range b.Instrs {
		if u, ok := in.(*ssa.UnOp); ok && u.Op == token.ARROW && c.deadSignal(u.X, dead, alive) {
			return nil
		}
	}
	if k, sel := caseTest(b); sel != nil && sel.States[k].Dir == types.RecvOnly && c.deadSignal(sel.States[k].Chan, dead, alive) {
		return succs[1:]
	}
	return succs
}

// deadSignal reports whether ch is a channel field that only functions no
// production code calls send on or close, recording it in dead.
func (c *checker) deadSignal(ch ssa.Value, dead map[*types.Var]*ssa.Function, alive *types.Var) bool {
	if u, ok := ch.(*ssa.UnOp); ok && u.Op == token.MUL {
		ch = u.X
	}
	if _, ok := ch.(*ssa.FieldAddr); !ok {
		if _, ok := ch.(*ssa.Field); !ok {
			return false
		}
	}
	f := ssautil.FieldOf(ch)
	if f == nil {
		return false
	}
	f = f.Origin()
	if f == alive {
		return false
	}
	fns, ok := c.ops.Signallers(f)
	if !ok {
		return false
	}
	var by *ssa.Function
	for _, fn := range fns {
		if !c.testOnly(fn) {
			return false
		}
		for by = fn; by.Parent() != nil; by = by.Parent() {
		}
	}
	dead[f] = by
	return true
}

// testOnly reports whether no production code can run fn: it is declared
// in a test file, or it is an unexported function or method that only test
// files refer to and no interface of the package could dispatch to.
func (c *checker) testOnly(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if c.inTestFile(fn.Pos()) {
		return true
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || obj.Name() == "init" || c.interfaceMethod(obj) {
		return false
	}
	return !c.referencedOutsideTests(obj)
}

func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// interfaceMethod reports whether obj is a method whose name an interface
// declared in the package also has: a call through it may reach obj.
func (c *checker) interfaceMethod(obj *types.Func) bool {
	if obj.Signature().Recv() == nil {
		return false
	}
	if c.ifaceMethods == nil {
		c.ifaceMethods = map[string]bool{}
		for _, tv := range c.pass.TypesInfo.Types {
			if it, ok := tv.Type.Underlying().(*types.Interface); ok {
				for i := 0; i < it.NumMethods(); i++ {
					c.ifaceMethods[it.Method(i).Name()] = true
				}
			}
		}
	}
	return c.ifaceMethods[obj.Name()]
}

// referencedOutsideTests reports whether code outside test files calls obj
// or takes it as a value (bound method values included).
func (c *checker) referencedOutsideTests(obj *types.Func) bool {
	if c.refs == nil {
		c.refs = c.funcRefs()
	}
	return c.refs[obj]
}

// funcRefs collects the functions and methods production code refers to.
func (c *checker) funcRefs() map[*types.Func]bool {
	refs := map[*types.Func]bool{}
	for id, o := range c.pass.TypesInfo.Uses {
		if f, ok := o.(*types.Func); ok && !c.inTestFile(id.Pos()) {
			refs[f.Origin()] = true
		}
	}
	return refs
}

// rangeNeverEnds reports a goroutine of a type's instance that ranges over
// a channel field nothing closes: the loop was written to end on close.
func (c *checker) rangeNeverEnds(s *concurrency.Spawn, fn *ssa.Function, encl *types.Func) bool {
	owner := instanceOwner(encl)
	if owner == nil {
		return false
	}
	field := neverClosedRange(c, fn)
	if field == nil {
		return false
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine started here ranges over %s until it is closed, but nothing closes %s, so every %s leaks this goroutine; close %s when the %s is done with (a Close method), or stop the loop with a context",
			field.Name(), field.Name(), owner.Obj().Name(), field.Name(), owner.Obj().Name()),
	})
	c.reported[s.Node] = true
	return true
}

// neverClosedRange returns the field of the channel a range in fn never
// sees closed.
func neverClosedRange(c *checker, fn *ssa.Function) *types.Var {
	for _, b := range fn.Blocks {
		last := b.Instrs[len(b.Instrs)-1]
		if !c.ops.NeverFalse(last, nil) {
			continue
		}
		recv := last.(*ssa.If).Cond.(*ssa.Extract).Tuple.(*ssa.UnOp)
		// Only the package's own fields: a ticker's C is never closed by
		// design, and ranging over it is the idiom for a loop with no end.
		if ld, ok := recv.X.(*ssa.UnOp); ok && ld.Op == token.MUL {
			if f := ssautil.FieldOf(ld.X); f != nil && c.ops.FieldNeverClosed(f) {
				return f
			}
		}
	}
	return nil
}

func (c *checker) reportDeadSignal(s *concurrency.Spawn, dead map[*types.Var]*ssa.Function) {
	var names, by []string
	for f, fn := range dead {
		names = append(names, f.Name())
		if fn != nil {
			by = append(by, funcLabel(fn))
		}
	}
	slices.Sort(names)
	slices.Sort(by)
	by = slices.Compact(by)
	who := "nothing sends on or closes it"
	if len(by) > 0 {
		who = "only " + strings.Join(by, " and ") + " signals it, and nothing but tests calls that"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine started here returns only once %s is signalled, but %s, so every start leaks it; signal %s where its owner is closed",
			strings.Join(names, " or "), who, strings.Join(names, " or ")),
	})
	c.reported[s.Node] = true
}
