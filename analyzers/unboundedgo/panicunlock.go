package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// panicUnlocks reports a synchronizing wrapper whose method locks, calls
// the wrapped interface value, and unlocks with a plain call: the wrapped
// implementation is someone else's code, and when it panics and the panic
// is recovered (net/http recovers every handler's) the lock stays held, so
// every later call blocks forever. The method is nothing but that, so
// deferring the unlock is the whole fix.
func (c *checker) panicUnlocks() {
	c.in.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		fd := n.(*ast.FuncDecl)
		if fd.Recv == nil || fd.Body == nil || c.generatedOnly(fd.Pos()) {
			return
		}
		list := fd.Body.List
		if len(list) < 3 || len(list) > 4 {
			return
		}
		lock, ok := c.lockCall(list[0], false)
		if !ok {
			return
		}
		unlock, ok := c.lockCall(list[2], true)
		if !ok || types.ExprString(lock.X) != types.ExprString(unlock.X) || !c.wrappedCall(list[1], fd) {
			return
		}
		if len(list) == 4 && !c.plainReturn(list[3]) {
			return
		}
		c.reportPanicUnlock(list[0], list[2], lock.X)
	})
	c.nilMapUnlocks()
}

// nilMapUnlocks reports a store into a map field, between a lock and a
// plain unlock, where the package elsewhere sets that field to nil (a
// Close that releases the map): the store then panics with the lock held,
// and a recovered panic leaves every later caller blocked.
func (c *checker) nilMapUnlocks() {
	nils := c.nilledMapFields()
	if len(nils) == 0 {
		return
	}
	c.in.WithStack([]ast.Node{(*ast.BlockStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		list := n.(*ast.BlockStmt).List
		// A defer runs when the function returns: only in the function's
		// own body does it end the critical section where the unlock did.
		body := false
		switch stack[len(stack)-2].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			body = true
		}
		for i := 0; i+2 < len(list); i++ {
			lock, ok := c.lockCall(list[i], false)
			if !ok || c.generatedOnly(list[i].Pos()) {
				continue
			}
			unlock, ok := c.lockCall(list[i+2], true)
			if !ok || types.ExprString(lock.X) != types.ExprString(unlock.X) {
				continue
			}
			if f, at := c.mapFieldStore(list[i+1], nils); f != nil {
				fix := body && (i+3 == len(list) || i+4 == len(list) && c.plainReturn(list[i+3]))
				c.reportNilMapUnlock(list[i], list[i+2], lock.X, list[i+1], f, at, fix)
			}
		}
		return true
	})
}

// nilledMapFields maps the map fields the package assigns nil to, to one
// such assignment.
func (c *checker) nilledMapFields() map[*types.Var]ast.Node {
	out := map[*types.Var]ast.Node{}
	c.in.Preorder([]ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) {
		as := n.(*ast.AssignStmt)
		if len(as.Lhs) != len(as.Rhs) {
			return
		}
		for i, lhs := range as.Lhs {
			f := c.mapField(lhs)
			if f != nil && c.pass.TypesInfo.Types[as.Rhs[i]].IsNil() && out[f] == nil {
				out[f] = as
			}
		}
	})
	return out
}

// mapField returns the map-typed struct field e selects, or nil.
func (c *checker) mapField(e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	f, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
	if !ok || !f.IsField() {
		return nil
	}
	if _, isMap := f.Type().Underlying().(*types.Map); !isMap {
		return nil
	}
	return f.Origin()
}

// mapFieldStore matches x.f[k] = v with f one of nils.
func (c *checker) mapFieldStore(st ast.Stmt, nils map[*types.Var]ast.Node) (*types.Var, ast.Node) {
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || as.Tok != token.ASSIGN {
		return nil, nil
	}
	ix, ok := ast.Unparen(as.Lhs[0]).(*ast.IndexExpr)
	if !ok {
		return nil, nil
	}
	f := c.mapField(ix.X)
	if f == nil || nils[f] == nil {
		return nil, nil
	}
	return f, nils[f]
}

// lockCall matches a statement mu.Lock() (or, with release, mu.Unlock()).
func (c *checker) lockCall(st ast.Stmt, release bool) (*ast.SelectorExpr, bool) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fn, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok {
		return nil, false
	}
	op := syncapi.LockOpOf(fn)
	if release {
		return sel, op == syncapi.Release
	}
	return sel, op == syncapi.Acquire || op == syncapi.AcquireRead
}

// wrappedCall reports whether st is one call (its results maybe assigned)
// of a method of an interface-typed field of fd's receiver: the wrapped
// value.
func (c *checker) wrappedCall(st ast.Stmt, fd *ast.FuncDecl) bool {
	var x ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		x = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) != 1 {
			return false
		}
		x = st.Rhs[0]
	default:
		return false
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	field, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok || !isRecv(c.pass.TypesInfo, field.X, fd) {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(field)
	_, isIface := types.Unalias(t).Underlying().(*types.Interface)
	return isIface && t != nil
}

func isRecv(info *types.Info, e ast.Expr, fd *ast.FuncDecl) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return false
	}
	return info.Uses[id] != nil && info.Uses[id] == info.Defs[fd.Recv.List[0].Names[0]]
}

// plainReturn reports whether st returns only locals, constants or nothing.
func (c *checker) plainReturn(st ast.Stmt) bool {
	ret, ok := st.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, e := range ret.Results {
		if !c.plainResult(e) {
			return false
		}
	}
	return true
}

func (c *checker) reportPanicUnlock(lockSt, unlockSt ast.Stmt, mu ast.Expr) {
	name := c.mutexName(mu)
	c.pass.Report(analysis.Diagnostic{
		Pos: unlockSt.Pos(), End: unlockSt.End(), Category: CategoryDeadlock,
		Message:        fmt.Sprintf("%s is released by a plain call after the wrapped value's method, which is other code: if it panics and the panic is recovered (net/http recovers handler panics), %s stays locked and every later call blocks forever; defer the unlock right after the lock", name, name),
		SuggestedFixes: c.deferUnlockFix(lockSt, unlockSt),
	})
}

func (c *checker) reportNilMapUnlock(lockSt, unlockSt ast.Stmt, mu ast.Expr, store ast.Stmt, f *types.Var, nilAt ast.Node, fix bool) {
	name := c.mutexName(mu)
	d := analysis.Diagnostic{
		Pos: store.Pos(), End: store.End(), Category: CategoryDeadlock,
		Message: fmt.Sprintf("this store into %s panics once the map has been set to nil, and %s, released by a plain call after it, then stays locked: if the panic is recovered every later call blocks forever; defer the unlock right after the lock, and check the map for nil",
			f.Name(), name),
		Related: []analysis.RelatedInformation{
			{Pos: unlockSt.Pos(), Message: "the unlock a panic skips"},
			{Pos: nilAt.Pos(), Message: f.Name() + " is set to nil here"},
		},
	}
	if fix {
		d.SuggestedFixes = c.deferUnlockFix(lockSt, unlockSt)
	}
	c.pass.Report(d)
}

func (c *checker) mutexName(mu ast.Expr) string {
	name := exprText(mu)
	if !syncapi.IsMutex(typesutil.Deref(c.pass.TypesInfo.TypeOf(mu))) {
		name += "'s mutex" // an embedded sync.Mutex
	}
	return name
}

// deferUnlockFix moves the unlock into a defer right after the lock: the
// same critical section when nothing but a plain return follows the unlock.
func (c *checker) deferUnlockFix(lockSt, unlockSt ast.Stmt) []analysis.SuggestedFix {
	unlockText := types.ExprString(unlockSt.(*ast.ExprStmt).X.(*ast.CallExpr))
	col := c.pass.Fset.Position(lockSt.Pos()).Column
	return []analysis.SuggestedFix{{
		Message: "defer " + unlockText,
		TextEdits: []analysis.TextEdit{
			{Pos: lockSt.End(), End: lockSt.End(), NewText: []byte("\n" + indentOf(col) + "defer " + unlockText)},
			{Pos: unlockSt.Pos() - token.Pos(col-1) - 1, End: unlockSt.End(), NewText: nil},
		},
	}}
}

func indentOf(col int) string {
	b := make([]byte, col-1)
	for i := range b {
		b[i] = '\t'
	}
	return string(b)
}
