package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// source says what drives a loop's iterations from outside the program.
type source struct{ what string }

// tripSource reports whether the loop runs once per message, connection or
// client-sent item, rather than over a set the program controls.
func (c *checker) tripSource(s *concurrency.Spawn, loop ast.Stmt) (source, bool) {
	info := c.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if t := info.TypeOf(l.X); t != nil && isChanType(t) {
			if c.signal(l.X) {
				return source{}, false
			}
			return source{"value received from " + types.ExprString(l.X)}, true
		}
		if c.requestRooted(s, l.X) {
			return source{"item of " + types.ExprString(l.X) + ", which the client controls"}, true
		}
	case *ast.ForStmt:
		if l.Cond == nil {
			return c.endlessSource(s, l)
		}
	}
	return source{}, false
}

// endlessSource finds what an endless loop waits for before the spawn: a
// message from a channel, a queue client or an accepted connection.
func (c *checker) endlessSource(s *concurrency.Spawn, l *ast.ForStmt) (source, bool) {
	info := c.pass.TypesInfo
	var src source
	found, bounded := false, false
	ast.Inspect(l.Body, func(n ast.Node) bool {
		if found || bounded || n == nil || n.Pos() >= s.Node.Pos() && !between(s.Node, n) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if !between(s.Node, n) {
				return false // another case's receive does not precede this spawn
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && !c.signal(n.X) {
				src, found = source{"message received from " + types.ExprString(n.X)}, true
			}
		case *ast.CallExpr:
			fn := calleeFunc(info, n)
			switch {
			case limits.Is(fn, limits.Receivers):
				src, found = source{"message read by " + types.ExprString(n.Fun)}, true
			case limits.Is(fn, limits.Accepts):
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if ok && c.unlimitedListener(s, sel.X) {
					src, found = source{"connection accepted from " + types.ExprString(sel.X) + ", a listener with no connection limit"}, true
				} else {
					bounded = true // the listener may be limited where it was made
				}
			}
		}
		return true
	})
	return src, found && !bounded
}

// signal reports whether ch carries signals or ticks rather than work:
// ctx.Done(), time.After, tickers, and channels of struct{}.
func (c *checker) signal(ch ast.Expr) bool {
	info := c.pass.TypesInfo
	if t, ok := underChan(info.TypeOf(ch)); ok {
		if st, ok := t.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
			return true
		}
	}
	switch e := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		fn := calleeFunc(info, e)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
			return true // time.After, time.Tick, and the like
		}
	case *ast.SelectorExpr:
		if v, ok := objOf(info, e).(*types.Var); ok && limits.NeverClosedField(v) {
			return true
		}
	}
	return false
}

// unlimitedListener reports whether the listener l is a local variable made
// in the function by net.Listen or the like and never wrapped by a connection
// limit. A listener from elsewhere (a parameter, a field) stays silent: its
// maker may have limited it.
func (c *checker) unlimitedListener(s *concurrency.Spawn, l ast.Expr) bool {
	return c.unlimitedListenerIn(s.Encl, l)
}

// unlimitedListenerIn reports whether l is a local variable of encl made by
// net.Listen or the like and never wrapped by a connection limit.
func (c *checker) unlimitedListenerIn(encl ast.Node, l ast.Expr) bool {
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(l).(*ast.Ident)
	if !ok {
		return false
	}
	obj := info.Uses[id]
	made, limited := false, false
	ast.Inspect(encl, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			lid, ok := lhs.(*ast.Ident)
			if !ok || info.ObjectOf(lid) != obj {
				continue
			}
			rhs := as.Rhs[0]
			if len(as.Rhs) == len(as.Lhs) {
				rhs = as.Rhs[i]
			}
			call, ok := ast.Unparen(rhs).(*ast.CallExpr)
			if !ok {
				limited = true // assigned from something we cannot see into
				continue
			}
			fn := calleeFunc(info, call)
			switch {
			case limits.Is(fn, limits.Listeners):
				made = true
			default:
				limited = true // netutil.LimitListener, or a wrapper we do not know
			}
		}
		return true
	})
	return made && !limited
}

// requestRooted reports whether x, ranged over in an entry point, is data
// from the request: rooted in a request parameter, or in a variable a
// request decoder fills.
func (c *checker) requestRooted(s *concurrency.Spawn, x ast.Expr) bool {
	e := c.directEntry(s)
	if e == nil {
		return false
	}
	info := c.pass.TypesInfo
	t := info.TypeOf(x)
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Basic:
	default:
		return false
	}
	root := rootIdent(x)
	if root == nil {
		return false
	}
	obj, ok := info.Uses[root].(*types.Var)
	if !ok {
		return false
	}
	if isParamOf(info, e.Node, obj) {
		return !isContext(obj.Type()) && !typesutil.IsNamed(obj.Type(), "net/http", "ResponseWriter")
	}
	return c.decoded(e.Node, obj)
}

// rootIdent strips selectors, indexes, method calls and dereferences:
// req.Items, r.URL.Query()["id"], (*p).List all have a root variable.
func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			return e
		case *ast.SelectorExpr:
			x = e.X
		case *ast.IndexExpr:
			x = e.X
		case *ast.StarExpr:
			x = e.X
		case *ast.CallExpr:
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			x = sel.X
		default:
			return nil
		}
	}
}

func isParamOf(info *types.Info, fn ast.Node, v *types.Var) bool {
	var ft *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		ft = fn.Type
	case *ast.FuncLit:
		ft = fn.Type
	default:
		return false
	}
	for _, field := range ft.Params.List {
		for _, name := range field.Names {
			if info.Defs[name] == v {
				return true
			}
		}
	}
	return false
}

// decoded reports whether a request decoder in fn fills v.
func (c *checker) decoded(fn ast.Node, v *types.Var) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		arg, ok := limits.DecoderArg(calleeFunc(info, call))
		if !ok || arg >= len(call.Args) {
			return true
		}
		a := ast.Unparen(call.Args[arg])
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
			a = u.X
		}
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return true
	})
	return found
}

// limited reports whether something in the loop, or in the goroutine it
// starts, bounds how many goroutines run at once.
func (c *checker) limited(s *concurrency.Spawn, loop ast.Stmt) bool {
	if s.Recv != nil && c.groupLimited(s.Recv) {
		return true
	}
	body := loopBody(loop)
	outside := c.chanOps(body, s.Body)
	inside := c.chanOps(s.Body, nil)
	for obj, dirs := range inside {
		if opposite(dirs, dirs) || opposite(outside[obj], dirs) {
			return true // acquire and release on one channel: a semaphore or a join
		}
	}
	if c.liveAcquire(body) != nil || c.liveAcquire(s.Body) != nil {
		return true
	}
	return c.calls(body, limits.Joiners, s.Node.End())
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// groupLimited reports whether SetLimit is called anywhere in the package on
// the group recv names.
func (c *checker) groupLimited(recv ast.Expr) bool {
	info := c.pass.TypesInfo
	obj := objOf(info, recv)
	if obj == nil {
		return false
	}
	found := false
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && limits.Is(calleeFunc(info, call), limits.GroupLimits) {
				found = objOf(info, sel.X) == obj
			}
			return true
		})
	}
	return found
}

const (
	opSend = 1 << iota
	opRecv
	opClose
)

// chanOps collects the channel operations in n, outside skip, by channel
// variable or field.
func (c *checker) chanOps(n, skip ast.Node) map[types.Object]int {
	out := map[types.Object]int{}
	if n == nil || isNilNode(n) {
		return out
	}
	info := c.pass.TypesInfo
	add := func(ch ast.Expr, op int) {
		if obj := objOf(info, ch); obj != nil {
			out[obj] |= op
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil || skip != nil && !isNilNode(skip) && m == skip {
			return false
		}
		switch m := m.(type) {
		case *ast.SendStmt:
			add(m.Chan, opSend)
		case *ast.UnaryExpr:
			if m.Op == token.ARROW {
				add(m.X, opRecv)
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(m.X); t != nil && isChanType(t) {
				add(m.X, opRecv)
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(m.Fun).(*ast.Ident); ok && len(m.Args) == 1 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					add(m.Args[0], opClose)
				}
			}
		}
		return true
	})
	return out
}

// opposite reports whether a sends where b receives, or the reverse.
func opposite(a, b int) bool {
	return a&opSend != 0 && b&opRecv != 0 || a&opRecv != 0 && b&opSend != 0
}

// calls reports whether n calls one of fs at or after pos.
func (c *checker) calls(n ast.Node, fs []limits.Func, pos token.Pos) bool {
	if n == nil || isNilNode(n) {
		return false
	}
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok && call.Pos() >= pos && limits.Is(calleeFunc(c.pass.TypesInfo, call), fs) {
			found = true
		}
		return !found
	})
	return found
}

// isNilNode catches typed nil pointers stored in ast.Node interfaces.
func isNilNode(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n == nil
	case *ast.FuncLit:
		return n == nil
	case *ast.FuncDecl:
		return n == nil || n.Body == nil
	}
	return false
}

func isContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if typesutil.IsNamed(t, "context", "Context") {
		return true
	}
	ms := types.NewMethodSet(t)
	if _, ok := t.Underlying().(*types.Interface); !ok {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	return ms.Lookup(nil, "Done") != nil && ms.Lookup(nil, "Err") != nil && ms.Lookup(nil, "Deadline") != nil
}

func isChanType(t types.Type) bool {
	_, ok := underChan(t)
	return ok
}

func underChan(t types.Type) (*types.Chan, bool) {
	if t == nil {
		return nil, false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ch, ok
}
