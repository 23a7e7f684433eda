package datarace

import (
	"fmt"
	"go/ast"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// capturedVars reports the variables a goroutine's closure shares with its
// spawner or with the other goroutines of the same loop, written on one side
// with no happens-before edge to the other side's access.
func (c *checker) capturedVars(generated func(ast.Node) bool) {
	for _, s := range c.conc.Spawns {
		lit, ok := s.Body.(*ast.FuncLit)
		if !ok || generated(s.Node) {
			continue // a named function captures nothing; its arguments are copies
		}
		if s.Joined {
			continue // the spawner waits for the goroutine before it returns
		}
		body := astutil.FuncBody(s.Encl)
		if body == nil {
			continue
		}
		gUses := c.closureUses(lit)
		if len(gUses) == 0 {
			continue
		}
		c.loopVars(s, lit, body, gUses)
		if !c.usesAtomics(lit.Body) {
			c.fanOut(s, gUses)
		}
		c.spawnerSide(s, body, gUses)
	}
}

// closureUses collects a goroutine closure's uses of the local variables
// it captures, up to its first synchronization.
func (c *checker) closureUses(lit *ast.FuncLit) map[*types.Var][]use {
	inside := func(v *types.Var) bool { return lit.Pos() <= v.Pos() && v.Pos() < lit.End() }
	uses := c.uses(lit.Body, func(v *types.Var) bool { return !isPackageVar(v) && !inside(v) })
	c.dropAfterSync(lit.Body, uses)
	return uses
}

// dropAfterSync forgets the goroutine's accesses that follow a
// synchronization inside the goroutine: the spawner may have waited for it.
func (c *checker) dropAfterSync(body *ast.BlockStmt, uses map[*types.Var][]use) {
	for v, us := range uses {
		var keep []use
		for _, u := range us {
			if !c.syncBetween(body, body.Pos(), u.node.Pos()) {
				keep = append(keep, u)
			}
		}
		if len(keep) == 0 {
			delete(uses, v)
		} else {
			uses[v] = keep
		}
	}
}

// spawnerSide pairs the goroutine's accesses with the spawner's accesses
// that follow the spawn with no synchronization in between.
func (c *checker) spawnerSide(s *concurrency.Spawn, body *ast.BlockStmt, gUses map[*types.Var][]use) {
	sUses := c.uses(body, func(v *types.Var) bool { return gUses[v] != nil })
	c.addReturns(s.Encl, body, gUses, sUses)
	line := c.line(s.Node)
	for v, sus := range sUses {
		for _, su := range sus {
			if !after(body, s.Node, su.node.Pos()) || c.syncBetween(body, s.Node.End(), su.node.Pos()) {
				continue
			}
			gu, ok := conflicting(gUses[v], su)
			if !ok {
				continue
			}
			c.reportPair(v, s, su, gu, line)
			break
		}
	}
}

func (c *checker) reportPair(v *types.Var, s *concurrency.Spawn, su, gu use, line int) {
	cat := catCaptured
	if gu.kind == useElemWrite || su.kind == useElemWrite {
		cat = catShared
	}
	var msg string
	switch {
	case su.kind == useRead && gu.kind == useElemWrite:
		msg = fmt.Sprintf("%s is read here while the goroutine started on line %d writes its elements; wait for the goroutine before reading %s, or guard both sides with one mutex", v.Name(), line, v.Name())
	case su.kind == useRead:
		msg = fmt.Sprintf("%s is read here while the goroutine started on line %d may still write it; wait for the goroutine (WaitGroup, errgroup, channel receive) before reading %s, or guard both sides with one mutex", v.Name(), line, v.Name())
	default:
		msg = fmt.Sprintf("%s is written here while the goroutine started on line %d may still use it; wait for the goroutine before writing %s, or give the goroutine its own variable", v.Name(), line, v.Name())
	}
	c.report(su.node, cat, msg,
		related(gu.node, fmt.Sprintf("the goroutine's access to %s", v.Name())),
		related(s.Node, "the goroutine starts here"))
}

// conflicting finds a goroutine access that races with the spawner's su: one
// of the two writes, and no lock is held by both.
func conflicting(gus []use, su use) (use, bool) {
	for _, gu := range gus {
		if (gu.kind != useRead || su.kind != useRead) && !commonLock(gu.held, su.held) {
			if su.kind == useRead && gu.kind == useRead {
				continue
			}
			return gu, true
		}
	}
	return use{}, false
}

// addReturns counts a return statement with results as a write of the
// function's named results that the goroutine uses.
func (c *checker) addReturns(encl ast.Node, body *ast.BlockStmt, gUses, sUses map[*types.Var][]use) {
	sig := c.signatureOf(encl)
	if sig == nil || sig.Results().Len() == 0 || sig.Results().At(0).Name() == "" {
		return
	}
	walkFunc(body, func(n ast.Node, stmt ast.Stmt) {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return
		}
		for i := range sig.Results().Len() {
			if v := sig.Results().At(i); gUses[v] != nil {
				sUses[v] = append(sUses[v], use{node: ret, kind: useWrite, held: c.held(stmt)})
			}
		}
	})
}

// fanOut reports a variable declared outside a loop and written without a
// lock by the goroutines the loop starts: they race with each other.
func (c *checker) fanOut(s *concurrency.Spawn, gUses map[*types.Var][]use) {
	if s.Loop == nil || c.waitsInIteration(s) {
		return
	}
	for v, us := range gUses {
		if s.Loop.Pos() <= v.Pos() && v.Pos() < s.Loop.End() {
			continue // declared per iteration
		}
		for _, u := range us {
			if u.kind == useRead || len(u.held) > 0 {
				continue
			}
			cat, msg := catCaptured, fmt.Sprintf("%s is written by every goroutine this loop starts, without a lock; guard it with a mutex, use an atomic, or give each goroutine its own result slot", v.Name())
			switch {
			case u.kind == useElemWrite && isMap(v.Type()):
				cat, msg = catShared, fmt.Sprintf("map %s is written by every goroutine this loop starts, without a lock, which can crash the process; guard it with a mutex or send the results on a channel", v.Name())
			case u.kind == useElemWrite:
				continue // results[i] = v: each goroutine its own element
			case u.appended:
				cat, msg = catShared, fmt.Sprintf("%s is appended to by every goroutine this loop starts, without a lock; guard it with a mutex or write to a preallocated slice by index", v.Name())
			}
			c.report(u.node, cat, msg, related(s.Node, "the goroutine starts here, once per iteration"))
			break
		}
	}
}

// loopVars reports, in files whose Go version is before 1.22, a loop
// variable read by a goroutine of the loop: the loop overwrites it on the
// next iteration.
func (c *checker) loopVars(s *concurrency.Spawn, lit *ast.FuncLit, body *ast.BlockStmt, gUses map[*types.Var][]use) {
	if s.Loop == nil {
		return
	}
	v := c.fileVersion(s.Node)
	if v == "" || version.Compare(v, "go1.22") >= 0 {
		return
	}
	var loopBody *ast.BlockStmt
	vars := map[*types.Var]bool{}
	switch l := s.Loop.(type) {
	case *ast.RangeStmt:
		loopBody = l.Body
		for _, e := range nonNilExprs(l.Key, l.Value) {
			if id, ok := e.(*ast.Ident); ok && l.Tok.String() == ":=" {
				if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
					vars[v] = true
				}
			}
		}
	case *ast.ForStmt:
		loopBody = l.Body
		if as, ok := l.Init.(*ast.AssignStmt); ok && as.Tok.String() == ":=" {
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
						vars[v] = true
					}
				}
			}
		}
	}
	if loopBody == nil || c.waitsInIteration(s) {
		return
	}
	for v := range vars {
		if us := gUses[v]; len(us) > 0 {
			c.report(us[0].node, catCaptured,
				fmt.Sprintf("%s is the loop's single variable (Go before 1.22) and the next iteration overwrites it while this goroutine reads it; pass %s to the goroutine as an argument", v.Name(), v.Name()),
				related(s.Node, "the goroutine starts here"), related(s.Loop, "the loop writes "+v.Name()+" here"))
		}
	}
}

func (c *checker) fileVersion(n ast.Node) string {
	for _, f := range c.pass.Files {
		if f.FileStart <= n.Pos() && n.Pos() < f.FileEnd {
			return c.pass.TypesInfo.FileVersions[f]
		}
	}
	return ""
}

func (c *checker) line(n ast.Node) int { return c.pass.Fset.Position(n.Pos()).Line }

func (c *checker) signatureOf(fn ast.Node) *types.Signature {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if f, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			return f.Signature()
		}
	case *ast.FuncLit:
		sig, _ := c.pass.TypesInfo.TypeOf(fn).(*types.Signature)
		return sig
	}
	return nil
}

func isPackageVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// usesAtomics reports whether body calls sync/atomic: goroutines that
// coordinate through atomics follow a protocol this check does not model.
func (c *checker) usesAtomics(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
				found = true
			}
		}
		return !found
	})
	return found
}

// waitsInIteration reports whether the loop around s may wait for the
// goroutine before its next iteration: then goroutines do not overlap.
func (c *checker) waitsInIteration(s *concurrency.Spawn) bool {
	var body *ast.BlockStmt
	switch l := s.Loop.(type) {
	case *ast.RangeStmt:
		body = l.Body
	case *ast.ForStmt:
		body = l.Body
	}
	return body == nil || c.syncBetween(body, s.Node.End(), body.End())
}
