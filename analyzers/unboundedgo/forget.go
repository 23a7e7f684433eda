package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// fireAndForget reports a goroutine that a handler, or a function of the
// package on a handler's request path, starts and leaves running after the
// request, with no context to cancel it and nothing the server's shutdown
// could wait on.
func (c *checker) fireAndForget(s *concurrency.Spawn) {
	if s.Kind != kc.SpawnGo {
		return
	}
	e, scope := c.forgetScope(s)
	if e == nil || c.joined(s, scope) || c.cancellable(s) || c.tracked(s, scope) || c.connBound(s) {
		return
	}
	if c.calls(e.Node, limits.Takeovers, 0) || c.calls(scope.Node, limits.Takeovers, 0) {
		return // the handler hands the connection to its goroutines
	}
	if c.calls(s.Body, limits.Acquirers, 0) || c.calls(s.Body, limits.Joiners, 0) {
		return
	}
	who := entryName(e)
	if scope != e {
		who = fmt.Sprintf("%s, which runs on the request path of %s,", entryName(scope), entryName(e))
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryForget,
		Message: fmt.Sprintf("the goroutine started by %s outlives the request with no context and nothing that waits for it, so nothing cancels it and shutdown cuts it off; pass it a context and track it in a sync.WaitGroup the server waits on before exiting",
			who),
		Related: []analysis.RelatedInformation{{Pos: e.Node.Pos(), Message: "the " + string(e.Kind) + " that starts it"}},
	})
	c.reported[s.Node] = true
}

// forgetScope returns the entry point whose requests start the goroutine
// and the function that starts it: the entry itself, or a function of the
// package it reaches through static calls on every request (not a start
// made once, behind a test of the object's state or in a callback).
func (c *checker) forgetScope(s *concurrency.Spawn) (e, scope *concurrency.Entry) {
	e, scope = c.requestScope(c.ssaFunc(s.Encl))
	if fd, ok := s.Encl.(*ast.FuncDecl); ok && scope != e && c.guardedStart(fd, s.Node) {
		return nil, nil
	}
	return e, scope
}

// joined reports whether the entry point waits for the goroutine before it
// returns: a Wait after the spawn, or a receive from a channel the goroutine
// sends on or closes.
func (c *checker) joined(s *concurrency.Spawn, e *concurrency.Entry) bool {
	if c.calls(e.Node, limits.Joiners, s.Node.End()) {
		return true
	}
	inside := c.chanOps(s.Body, nil)
	for obj, op := range c.chanOps(s.Call, nil) {
		inside[obj] |= op
	}
	outside := c.chanOps(e.Node, s.Node)
	for obj, dirs := range inside {
		if dirs&(opSend|opClose) != 0 && outside[obj]&opRecv != 0 || dirs&opRecv != 0 && outside[obj]&opSend != 0 {
			return true
		}
	}
	return false
}

// cancellable reports whether the goroutine gets a context it did not make
// detached itself: the request's, the server's, or one with a deadline.
func (c *checker) cancellable(s *concurrency.Spawn) bool {
	info := c.pass.TypesInfo
	found := false
	visit := func(n ast.Node) bool {
		if found {
			return false
		}
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if call, ok := x.(*ast.CallExpr); ok && deadlineCtx(calleeFunc(info, call)) {
			found = true
			return false
		}
		if !isContext(info.TypeOf(x)) {
			return true
		}
		switch x := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			fn := calleeFunc(info, x)
			if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
				switch fn.Name() {
				case "Background", "TODO", "WithoutCancel":
					return false
				}
				found = true // WithTimeout, WithCancel, WithDeadline...
				return false
			}
		case *ast.Ident:
			obj := info.Uses[x]
			if obj == nil || s.Body != nil && between(declNode(obj), s.Body) {
				return true // the goroutine's own variable: its initializer decides
			}
		}
		found = true
		return false
	}
	for _, a := range s.Call.Args {
		ast.Inspect(a, visit)
	}
	if fun, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr); ok {
		ast.Inspect(fun.X, visit)
	}
	if s.Body != nil {
		ast.Inspect(s.Body, visit)
	}
	return found
}

// deadlineCtx reports whether fn derives a context that a deadline or a
// cancel function ends.
func deadlineCtx(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return false
	}
	switch fn.Name() {
	case "WithTimeout", "WithDeadline", "WithCancel", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause":
		return true
	}
	return false
}

// declNode is a zero-width node at obj's declaration.
func declNode(obj types.Object) ast.Node {
	return &ast.Ident{NamePos: obj.Pos()}
}

// tracked reports whether the goroutine touches something a shutdown or
// another component can wait on or signal: a WaitGroup, a group, or a
// channel kept in a field, a package variable, or a variable from outside the
// handler.
func (c *checker) tracked(s *concurrency.Spawn, e *concurrency.Entry) bool {
	info := c.pass.TypesInfo
	return spawnHas(s, func(x ast.Expr) bool {
		v, ok := objOf(info, x).(*types.Var)
		if !ok || v.Pkg() == nil {
			return false
		}
		outer := v.IsField() || v.Parent() == v.Pkg().Scope() || !between(declNode(v), e.Node)
		if !outer {
			return false
		}
		t := v.Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		_, isChan := t.Underlying().(*types.Chan)
		return isChan || typesutil.IsNamed(t, "sync", "WaitGroup") || typesutil.IsNamed(t, "golang.org/x/sync/errgroup", "Group")
	})
}

// connBound reports whether the goroutine does I/O on the client connection
// or the request body: it ends when they are closed, with the request.
func (c *checker) connBound(s *concurrency.Spawn) bool {
	info := c.pass.TypesInfo
	return spawnHas(s, func(x ast.Expr) bool {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if v, ok := objOf(info, sel).(*types.Var); ok && v.IsField() && v.Name() == "Body" && isRequest(info.TypeOf(sel.X)) {
				return true
			}
		}
		return connLike(info.TypeOf(x))
	})
}

// spawnHas reports whether pred holds for some expression in the spawn's call
// or in the goroutine's body.
func spawnHas(s *concurrency.Spawn, pred func(ast.Expr) bool) bool {
	found := false
	visit := func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && !found && pred(x) {
			found = true
		}
		return !found
	}
	ast.Inspect(s.Call, visit)
	if s.Body != nil {
		ast.Inspect(s.Body, visit)
	}
	return found
}

func isRequest(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return t != nil && typesutil.IsNamed(t, "net/http", "Request")
}

// connLike reports whether t has a network connection's method set.
func connLike(t types.Type) bool {
	if t == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	if _, ok := t.Underlying().(*types.Interface); !ok {
		if _, ok := t.(*types.Pointer); !ok {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
	}
	return ms.Lookup(nil, "RemoteAddr") != nil && ms.Lookup(nil, "SetDeadline") != nil && ms.Lookup(nil, "Close") != nil
}
