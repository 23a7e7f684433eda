package unboundedgo

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// earlyRelease is one slot taken from a channel semaphore, a goroutine
// started, and the slot given back by the starter as soon as the go
// statement has run.
type earlyRelease struct {
	acquire, release ast.Stmt
	spawn            *ast.GoStmt
	ch               ast.Expr
	obj              types.Object
}

// earlyReleases reports worker pools whose slot is given back right after
// the goroutine starts instead of when it finishes (otelcol's
// workerPool.execute: <-wp.workers; go f(); wp.workers <- struct{}{}). The
// channel then bounds only the go statement, which never blocks, so the
// pool lets any number of goroutines run at once.
func (c *checker) earlyReleases() {
	var found []earlyRelease
	c.in.Preorder([]ast.Node{(*ast.BlockStmt)(nil)}, func(n ast.Node) {
		block := n.(*ast.BlockStmt)
		for i := range block.List {
			if e, ok := c.earlyReleaseAt(block.List, i); ok && !c.generated(e.spawn.Pos()) {
				found = append(found, e)
			}
		}
	})
	for _, e := range found {
		if !c.lockedElsewhere(e, found) {
			c.reportEarlyRelease(e)
		}
	}
}

// earlyReleaseAt matches the go statement at list[i] between an acquire
// right before it and the opposite operation on the same channel right
// after it; WaitGroup.Add calls may sit in between. The goroutine must not
// touch the channel: then the slot is not the goroutine's to give back.
func (c *checker) earlyReleaseAt(list []ast.Stmt, i int) (earlyRelease, bool) {
	g, ok := list[i].(*ast.GoStmt)
	if !ok {
		return earlyRelease{}, false
	}
	a, r := i-1, i+1
	for a >= 0 && c.isWaitGroupAdd(list[a]) {
		a--
	}
	for r < len(list) && c.isWaitGroupAdd(list[r]) {
		r++
	}
	if a < 0 || r >= len(list) {
		return earlyRelease{}, false
	}
	ach, aop := c.chanStmt(list[a])
	rch, rop := c.chanStmt(list[r])
	if ach == nil || rch == nil || !opposite(aop, rop) {
		return earlyRelease{}, false
	}
	obj := objOf(c.pass.TypesInfo, ach)
	if obj == nil || obj != objOf(c.pass.TypesInfo, rch) || types.ExprString(ach) != types.ExprString(rch) {
		return earlyRelease{}, false
	}
	if c.chanOps(g.Call, nil)[obj] != 0 || c.usesObj(g.Call, obj) {
		return earlyRelease{}, false
	}
	return earlyRelease{acquire: list[a], release: list[r], spawn: g, ch: rch, obj: obj}, true
}

// chanStmt returns the channel of a statement that only sends on it or
// only receives from it (v := <-ch included), and which of the two.
func (c *checker) chanStmt(s ast.Stmt) (ast.Expr, int) {
	var x ast.Expr
	switch s := s.(type) {
	case *ast.SendStmt:
		return s.Chan, opSend
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			return nil, 0
		}
		x = s.Rhs[0]
	default:
		return nil, 0
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X, opRecv
	}
	return nil, 0
}

func (c *checker) isWaitGroupAdd(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	return ok && syncapi.IsWaitGroup(calleeFunc(c.pass.TypesInfo, call), "Add")
}

// usesObj reports whether n mentions obj at all (the goroutine is handed
// the channel, or the pool that holds it).
func (c *checker) usesObj(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// lockedElsewhere reports whether a function of the package other than
// those with the same early release both sends on and receives from the
// channel: a channel used as a lock around other work, which the go
// statement may need to exclude.
func (c *checker) lockedElsewhere(e earlyRelease, all []earlyRelease) bool {
	locked := false
	c.in.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		if locked || slices.ContainsFunc(all, func(o earlyRelease) bool { return o.obj == e.obj && encloses(n, o.spawn) }) {
			return
		}
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body != nil {
			ops := c.chanOps(body, nil)[e.obj]
			locked = opposite(ops, ops)
		}
	})
	return locked
}

func encloses(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

func (c *checker) reportEarlyRelease(e earlyRelease) {
	name := types.ExprString(e.ch)
	msg := fmt.Sprintf("the slot taken from %s is given back as soon as the goroutine starts, not when it finishes, so %s never limits how many of these goroutines run; give the slot back in the goroutine, deferred", name, name)
	d := analysis.Diagnostic{
		Pos: e.release.Pos(), End: e.release.End(), Category: CategoryUnbounded, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: e.acquire.Pos(), Message: "the slot is taken here"},
			{Pos: e.spawn.Pos(), Message: "the goroutine starts here"},
		},
	}
	if fix, ok := c.deferReleaseFix(e); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// deferReleaseFix moves the release into the goroutine as its first
// deferred call. Only a func literal, or a call with no arguments of a
// function the starter cannot reassign, keeps its meaning inside a new
// closure.
func (c *checker) deferReleaseFix(e earlyRelease) (analysis.SuggestedFix, bool) {
	var release bytes.Buffer
	if err := format.Node(&release, c.pass.Fset, e.release); err != nil {
		return analysis.SuggestedFix{}, false
	}
	deferred := "defer func() { " + release.String() + " }()"
	edits := []analysis.TextEdit{c.deleteStmt(e.release)}
	call := e.spawn.Call
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		if len(fun.Body.List) == 0 {
			return analysis.SuggestedFix{}, false
		}
		first := fun.Body.List[0]
		edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(deferred + "\n" + indentOf(c.pass.Fset.Position(first.Pos()).Column))})
	default:
		if len(call.Args) != 0 || !c.stableFunc(fun) {
			return analysis.SuggestedFix{}, false
		}
		var f bytes.Buffer
		if err := format.Node(&f, c.pass.Fset, fun); err != nil {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: call.Pos(), End: call.End(), NewText: []byte("func() {\n" + deferred + "\n" + f.String() + "()\n}()")})
	}
	return analysis.SuggestedFix{Message: "Give the slot back when the goroutine ends", TextEdits: edits}, true
}

// stableFunc reports whether fun names a function, a variable that no
// assignment changes after its definition, or a method of a package or of
// such a variable: evaluating it later, in a closure, calls the same
// function on the same receiver (go newWorker().run() would move the
// newWorker call into the goroutine, so it gets no fix).
func (c *checker) stableFunc(fun ast.Expr) bool {
	switch fun := fun.(type) {
	case *ast.Ident:
		switch obj := c.pass.TypesInfo.Uses[fun].(type) {
		case *types.Func, *types.PkgName:
			return true
		case *types.Var:
			return !c.assigned(obj)
		}
	case *ast.SelectorExpr:
		if _, ok := c.pass.TypesInfo.Uses[fun.Sel].(*types.Func); !ok {
			return false
		}
		x, ok := ast.Unparen(fun.X).(*ast.Ident)
		return ok && c.stableFunc(x)
	}
	return false
}

// assigned reports whether some assignment in the package writes v.
func (c *checker) assigned(v *types.Var) bool {
	found := false
	c.in.Preorder([]ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) {
		for _, lhs := range n.(*ast.AssignStmt).Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
				found = true
			}
		}
	})
	return found
}

// deleteStmt removes a statement with its line.
func (c *checker) deleteStmt(s ast.Stmt) analysis.TextEdit {
	f := c.pass.Fset.File(s.Pos())
	start := f.LineStart(f.Line(s.Pos()))
	end := s.End()
	if line := f.Line(s.End()); line < f.LineCount() {
		end = f.LineStart(line + 1)
	}
	return analysis.TextEdit{Pos: start, End: end}
}
