package datarace

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/locks"
)

// waitGroups reports WaitGroup.Add called inside a goroutine, anywhere in
// its body (for itself or for goroutines it starts), when the spawner waits
// on the same WaitGroup and never adds to it itself: the goroutine is not
// counted, so Wait can return, or race, before Add runs.
// It also reports Done called before the goroutine's work.
func (c *checker) waitGroups(generated func(ast.Node) bool) {
	for _, s := range c.conc.Spawns {
		lit, ok := s.Body.(*ast.FuncLit)
		body := astutil.FuncBody(s.Encl)
		if !ok || body == nil || generated(s.Node) {
			continue
		}
		for _, add := range c.wgCalls(lit.Body, "Add") {
			if lit.Pos() <= add.ref.Root.Pos() && add.ref.Root.Pos() < lit.End() {
				continue // the goroutine's own WaitGroup
			}
			c.addInGoroutine(s, body, add)
		}
		c.doneFirst(s, lit)
	}
}

type wgCall struct {
	call *ast.CallExpr
	ref  locks.Ref
}

// wgCalls finds the calls of WaitGroup method name in body, outside nested
// function literals (they run at unknown times).
func (c *checker) wgCalls(body *ast.BlockStmt, name string) []wgCall {
	var out []wgCall
	walkFunc(body, func(n ast.Node, _ ast.Stmt) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !ks.IsWaitGroup(fn, name) {
			return
		}
		if ref, ok := locks.RefOf(c.pass.TypesInfo, sel.X); ok {
			out = append(out, wgCall{call, ref})
		}
	})
	return out
}

func (c *checker) addInGoroutine(s *concurrency.Spawn, body *ast.BlockStmt, add wgCall) {
	var wait *ast.CallExpr
	for _, w := range c.wgCalls(body, "Wait") {
		if w.ref == add.ref && w.call.Pos() > s.Node.End() {
			wait = w.call
			break
		}
	}
	if wait == nil {
		// The WaitGroup is a field another method waits on (close): it
		// can run before the goroutine's Add.
		wait = c.fieldWait(add.call, s)
	}
	if wait == nil {
		return
	}
	for _, a := range c.wgCalls(body, "Add") {
		if a.ref == add.ref {
			return // the spawner counts the goroutines itself
		}
	}
	name := add.ref.String()
	c.report(add.call, catWait,
		fmt.Sprintf("%s.Add is called inside a goroutine that %s does not count, so %s.Wait can return before it runs; call %s.Add before starting the goroutine", name, name, name, name),
		related(wait, "Wait may run first"), related(s.Node, "the goroutine starts here"))
}

// fieldWait returns a Wait call, in another function of the package, on
// the WaitGroup field that add adds to, or nil.
func (c *checker) fieldWait(add *ast.CallExpr, s *concurrency.Spawn) *ast.CallExpr {
	field := wgField(c.pass.TypesInfo, add)
	if field == nil {
		return nil
	}
	var wait *ast.CallExpr
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || wait != nil || s.Encl != nil && s.Encl.Pos() <= call.Pos() && call.Pos() < s.Encl.End() {
				return wait == nil
			}
			fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
			if ks.IsWaitGroup(fn, "Wait") && wgField(c.pass.TypesInfo, call) == field {
				wait = call
			}
			return true
		})
	}
	return wait
}

// wgField is the struct field holding the WaitGroup a method call is
// made on (x.group.Add), or nil.
func wgField(info *types.Info, call *ast.CallExpr) *types.Var {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if selection := info.Selections[inner]; selection != nil && selection.Kind() == types.FieldVal {
		v, _ := selection.Obj().(*types.Var)
		return v
	}
	return nil
}

// doneFirst reports a goroutine whose first statement calls Done, not
// deferred, on a WaitGroup of its spawner, and that then writes a variable
// the spawner reads after Wait: the write races with that read.
func (c *checker) doneFirst(s *concurrency.Spawn, lit *ast.FuncLit) {
	if len(lit.Body.List) < 2 {
		return
	}
	es, ok := lit.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ks.IsWaitGroup(fn, "Done") {
		return
	}
	rest := &ast.BlockStmt{List: lit.Body.List[1:]}
	inside := func(v *types.Var) bool { return lit.Pos() <= v.Pos() && v.Pos() < lit.End() }
	for v, us := range c.uses(rest, func(v *types.Var) bool { return !isPackageVar(v) && !inside(v) }) {
		for _, u := range us {
			if u.kind != useRead && len(u.held) == 0 {
				c.report(call, catWait,
					fmt.Sprintf("Done is called before the goroutine's work, so Wait can return while it still writes %s; defer Done at the start of the goroutine", v.Name()),
					related(u.node, "the write Wait does not cover"), related(s.Node, "the goroutine starts here"))
				return
			}
		}
	}
}
