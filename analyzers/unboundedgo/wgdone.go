package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// wgCall is a call of a method of a WaitGroup variable in a goroutine.
type wgCall struct {
	call     *ast.CallExpr
	deferred bool
}

// goroutineDones looks at every goroutine written as a function literal
// that calls Done on a WaitGroup variable its spawner waits on:
//   - a path that returns without the Done leaves the counter above zero,
//     and the spawner's Wait blocks forever;
//   - a Wait on the same WaitGroup inside the goroutine waits for the
//     goroutine's own Done, which comes after it, so it never returns.
func (c *checker) goroutineDones() {
	c.in.WithStack([]ast.Node{(*ast.GoStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		g := n.(*ast.GoStmt)
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !push || !ok || c.generatedOnly(g.Pos()) {
			return true
		}
		encl := enclosingFuncNode(stack[:len(stack)-1])
		for obj, calls := range c.wgCalls(lit.Body) {
			// The counter must count goroutines (Add(1) before the go
			// statement), not items a worker marks done one by one.
			if !c.waitsOn(encl, obj) || !c.addsOneBefore(encl, obj, g) || doneInLoop(lit.Body) {
				continue
			}
			c.checkGoroutineDone(lit, obj, calls)
		}
		return true
	})
}

// wgCalls collects the Done and Wait calls on local WaitGroup variables in
// body, outside nested function literals.
func (c *checker) wgCalls(body *ast.BlockStmt) map[types.Object]map[string][]wgCall {
	out := map[types.Object]map[string][]wgCall{}
	add := func(call *ast.CallExpr, deferred bool) {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Done" && sel.Sel.Name != "Wait" {
			return
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return
		}
		obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || !typesutil.IsNamed(derefType(obj.Type()), "sync", "WaitGroup") {
			return
		}
		if out[obj] == nil {
			out[obj] = map[string][]wgCall{}
		}
		out[obj][sel.Sel.Name] = append(out[obj][sel.Sel.Name], wgCall{call: call, deferred: deferred})
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			add(n.Call, true)
			return false
		case *ast.CallExpr:
			add(n, false)
		}
		return true
	})
	return out
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// waitsOn reports whether the spawner's own code calls Wait on obj.
func (c *checker) waitsOn(encl ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(encl, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit && n != encl {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func (c *checker) checkGoroutineDone(lit *ast.FuncLit, obj types.Object, calls map[string][]wgCall) {
	dones := calls["Done"]
	if len(dones) == 0 {
		return
	}
	for _, w := range calls["Wait"] {
		if !w.deferred {
			c.pass.Report(analysis.Diagnostic{
				Pos: w.call.Pos(), End: w.call.End(), Category: CategoryDeadlock,
				Message: fmt.Sprintf("this goroutine waits for %s, whose counter includes the goroutine's own Done, which has not run yet, so the Wait never returns; wait outside the goroutines %s counts", obj.Name(), obj.Name()),
			})
			return
		}
	}
	for _, d := range dones {
		if d.deferred {
			return
		}
	}
	fn := c.ssaFunc(lit)
	if fn == nil {
		return
	}
	if ret, ok := c.returnWithoutDone(fn, obj); ok {
		c.reportSkippedDone(lit, obj, dones, ret)
	}
}

// returnWithoutDone finds a path from fn's entry to a return that calls no
// WaitGroup Done; a panic or a call that never returns ends a path.
func (c *checker) returnWithoutDone(fn *ssa.Function, obj types.Object) (*ssa.Return, bool) {
	if len(fn.Blocks) == 0 {
		return nil, false
	}
	seen := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		// A test that has failed on the way hangs only a failing run.
		if c.ops.DeadEnd(b) || callsDone(b) || failsTest(b) {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return ret, true
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return nil, false
}

// failsTest reports whether b marks the running test failed (t.Error).
func failsTest(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		if call, ok := in.(*ssa.Call); ok {
			if callee := call.Call.StaticCallee(); callee != nil && limits.Is(funcObj(callee), limits.TestFailures) {
				return true
			}
		}
	}
	return false
}

func callsDone(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		call, ok := in.(ssa.CallInstruction)
		if !ok {
			continue
		}
		if callee := call.Common().StaticCallee(); callee != nil {
			if obj, ok := callee.Object().(*types.Func); ok && syncapi.IsWaitGroup(obj, "Done") {
				return true
			}
		}
	}
	return false
}

// reportSkippedDone reports at the return that skips Done, with a fix that
// defers the Done when it is the goroutine's last statement.
func (c *checker) reportSkippedDone(lit *ast.FuncLit, obj types.Object, dones []wgCall, ret *ssa.Return) {
	name := obj.Name()
	pos := ret.Pos()
	if !pos.IsValid() {
		pos = dones[0].call.Pos()
	}
	d := analysis.Diagnostic{
		Pos: pos, Category: CategoryDeadlock,
		Message: fmt.Sprintf("this path leaves the goroutine without calling %s.Done, so the counter never reaches zero and the %s.Wait that waits for it blocks forever; defer %s.Done() at the start of the goroutine", name, name, name),
		Related: []analysis.RelatedInformation{{Pos: dones[0].call.Pos(), Message: "Done is called only here"}},
	}
	body := lit.Body.List
	if len(dones) == 1 && len(body) > 1 {
		if es, ok := body[len(body)-1].(*ast.ExprStmt); ok && es.X == ast.Expr(dones[0].call) {
			d.SuggestedFixes = c.deferDoneFix(lit, es, dones[0].call)
		}
	}
	c.pass.Report(d)
}

func (c *checker) deferDoneFix(lit *ast.FuncLit, last *ast.ExprStmt, done *ast.CallExpr) []analysis.SuggestedFix {
	first := lit.Body.List[0]
	col := c.pass.Fset.Position(first.Pos()).Column
	text := types.ExprString(done)
	prev := lit.Body.List[len(lit.Body.List)-2]
	return []analysis.SuggestedFix{{
		Message: "defer " + text,
		TextEdits: []analysis.TextEdit{
			{Pos: first.Pos(), End: first.Pos(), NewText: []byte("defer " + text + "\n" + indentOf(col))},
			{Pos: prev.End(), End: last.End(), NewText: nil},
		},
	}}
}

// addsOneBefore reports whether the spawner calls obj.Add(1) before g.
func (c *checker) addsOneBefore(encl ast.Node, obj types.Object, g *ast.GoStmt) bool {
	found := false
	ast.Inspect(encl, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit && n != encl {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Pos() > g.Pos() || len(call.Args) != 1 {
			return !found
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Add" {
			return !found
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		one, isLit := ast.Unparen(call.Args[0]).(*ast.BasicLit)
		found = ok && c.pass.TypesInfo.Uses[id] == obj && isLit && one.Value == "1"
		return !found
	})
	return found
}

// doneInLoop reports whether a Done in body sits in a loop: a worker
// marking items done, one Done per item.
func doneInLoop(body *ast.BlockStmt) bool {
	found := false
	var walk func(n ast.Node, inLoop bool)
	walk = func(n ast.Node, inLoop bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				if m != n {
					walk(m, true)
					return false
				}
			case *ast.RangeStmt:
				if m != n {
					walk(m, true)
					return false
				}
			case *ast.SelectorExpr:
				found = inLoop && m.Sel.Name == "Done"
			}
			return true
		})
	}
	walk(body, false)
	return found
}
