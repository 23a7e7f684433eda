package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/locks"
)

// maxEntryDepth bounds how far writes are followed from an entry point
// through calls on the same receiver.
const maxEntryDepth = 3

// entryPoints reports writes, with no lock held, to the receiver's fields or
// to package variables in functions a framework runs on many goroutines at
// once (handlers, gRPC methods, consumers), and in the methods they call on
// the same receiver.
func (c *checker) entryPoints(generated func(ast.Node) bool) {
	byFn := map[ast.Node][]*locks.Access{}
	for _, a := range c.locks.Accesses {
		byFn[a.Fn] = append(byFn[a.Fn], a)
	}
	for _, e := range c.conc.Entries {
		// Tests drive their handlers one request at a time.
		if generated(e.Node) || c.inTestFile(e.Node) {
			continue
		}
		seen := map[ast.Node]bool{}
		c.entryFunc(e, e.Node, c.pointerRecv(e.Node), nil, 0, seen, byFn)
		if lit, ok := e.Node.(*ast.FuncLit); ok {
			c.entryCaptures(e, lit)
		}
	}
}

func (c *checker) entryFunc(e *concurrency.Entry, fn ast.Node, recv types.Object, via *ast.CallExpr, depth int, seen map[ast.Node]bool, byFn map[ast.Node][]*locks.Access) {
	if seen[fn] || depth > maxEntryDepth {
		return
	}
	seen[fn] = true
	if fd, ok := fn.(*ast.FuncDecl); ok {
		if f, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && c.locks.CalledWithLock(f) {
			return // its callers lock for it
		}
	}
	for _, a := range byFn[fn] {
		if !a.Write || len(a.Held) > 0 || a.Fresh {
			continue
		}
		v, isVar := a.Ref.Root.(*types.Var)
		switch {
		case recv != nil && a.Ref.Root == recv && a.Var.IsField():
		case isVar && isPackageVar(v) && v.Pkg() == c.pass.Pkg:
		default:
			continue
		}
		c.reportEntry(e, a, via)
	}
	body := astutil.FuncBody(fn)
	if body == nil {
		return
	}
	walkFunc(body, func(n ast.Node, stmt ast.Stmt) {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(c.held(stmt)) > 0 {
			return
		}
		callee := typeutil.StaticCallee(c.pass.TypesInfo, call)
		if callee == nil {
			return
		}
		d := c.conc.Decl(callee.Origin())
		if d == nil {
			return
		}
		next := via
		if next == nil {
			next = call
		}
		if callee.Signature().Recv() == nil {
			c.entryFunc(e, d, nil, next, depth+1, seen, byFn)
			return
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && recv != nil {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == recv {
				c.entryFunc(e, d, c.pointerRecv(d), next, depth+1, seen, byFn)
			}
		}
	})
}

func (c *checker) reportEntry(e *concurrency.Entry, a *locks.Access, via *ast.CallExpr) {
	name := exprString(a.Node)
	rel := []analysisRelated{related(e.Node, fmt.Sprintf("the %s starts here", e.Kind))}
	if via != nil {
		rel = append(rel, related(via, "called from the "+string(e.Kind)+" here"))
	}
	c.report(a.Node, catEntry,
		fmt.Sprintf("%s is written without a lock in %s, which the framework runs on many goroutines at once; guard %s with a mutex or use an atomic", name, withArticle(string(e.Kind)), name),
		rel...)
}

// entryCaptures reports a handler literal writing a variable of the function
// that registered it: every request shares that variable.
func (c *checker) entryCaptures(e *concurrency.Entry, lit *ast.FuncLit) {
	inside := func(v *types.Var) bool { return lit.Pos() <= v.Pos() && v.Pos() < lit.End() }
	for v, us := range c.uses(lit.Body, func(v *types.Var) bool { return !isPackageVar(v) && !inside(v) }) {
		for _, u := range us {
			if u.kind == useRead || len(u.held) > 0 {
				continue
			}
			fix := fmt.Sprintf("guard %s with a mutex or use an atomic", v.Name())
			if scratch(lit.Body, us) {
				fix = fmt.Sprintf("declare %s inside the handler (:=) so that each call has its own", v.Name())
			}
			c.report(u.node, catEntry,
				fmt.Sprintf("%s is captured by %s and written without a lock, and the framework runs the handler on many goroutines at once; %s", v.Name(), withArticle(string(e.Kind)), fix),
				related(lit, "the handler"))
			break
		}
	}
}

// scratch reports whether the handler uses a captured variable only as its
// own temporary: its first use is a plain assignment at the top level of the
// body, so every call writes it before reading it and a variable of the
// call's own would do.
func scratch(body *ast.BlockStmt, us []use) bool {
	first := us[0]
	for _, u := range us[1:] {
		if u.node.Pos() < first.node.Pos() {
			first = u
		}
	}
	if first.kind != useWrite || first.appended {
		return false
	}
	for _, st := range body.List {
		if st.Pos() <= first.node.Pos() && first.node.End() <= st.End() {
			as, ok := st.(*ast.AssignStmt)
			return ok && as.Tok == token.ASSIGN && slices.ContainsFunc(as.Lhs, func(l ast.Expr) bool { return l == first.node })
		}
	}
	return false
}

// pointerRecv returns the receiver of a method with a pointer receiver: a
// value receiver is a copy, and writing its fields races with nothing.
func (c *checker) pointerRecv(fn ast.Node) types.Object {
	fd, ok := fn.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return nil
	}
	obj := c.pass.TypesInfo.Defs[fd.Recv.List[0].Names[0]]
	if obj == nil {
		return nil
	}
	if _, ok := obj.Type().Underlying().(*types.Pointer); !ok {
		return nil
	}
	return obj
}

func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func (c *checker) inTestFile(n ast.Node) bool {
	return strings.HasSuffix(c.pass.Fset.Position(n.Pos()).Filename, "_test.go")
}
