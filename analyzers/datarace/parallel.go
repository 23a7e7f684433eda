package datarace

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// parallelRun is a t.Run call whose subtest calls t.Parallel.
type parallelRun struct {
	call     *ast.CallExpr
	lit      *ast.FuncLit
	parallel *ast.CallExpr // the t.Parallel call
	loop     ast.Node      // innermost loop around call in its function
	encl     ast.Node      // the function containing call
}

// parallelTests reports variables of a test written, after t.Parallel, by
// subtests that run in parallel with their siblings: those started in a
// loop, or by two or more parallel t.Run calls of one function.
func (c *checker) parallelTests(generated func(ast.Node) bool) {
	if !c.hasTestFiles() {
		return
	}
	in := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var runs []*parallelRun
	perFunc := map[ast.Node]int{}
	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || generated(n) {
			return true
		}
		r := c.parallelRun(n.(*ast.CallExpr))
		if r == nil {
			return true
		}
		r.encl, r.loop = enclosingLoop(stack)
		perFunc[r.encl]++
		runs = append(runs, r)
		return true
	})
	for _, r := range runs {
		if r.loop != nil {
			c.parallelWrites(r, nil) // the same subtest runs once per iteration
		} else if perFunc[r.encl] >= 2 {
			c.parallelWrites(r, siblings(runs, r))
		}
	}
}

func siblings(runs []*parallelRun, r *parallelRun) []*parallelRun {
	var out []*parallelRun
	for _, o := range runs {
		if o != r && o.encl == r.encl {
			out = append(out, o)
		}
	}
	return out
}

// sharedWith reports whether a parallel sibling uses v after its t.Parallel.
func (c *checker) sharedWith(v *types.Var, sibs []*parallelRun) bool {
	for _, o := range sibs {
		for _, u := range c.uses(o.lit.Body, func(w *types.Var) bool { return w == v })[v] {
			if u.node.Pos() > o.parallel.End() {
				return true
			}
		}
	}
	return false
}

func (c *checker) hasTestFiles() bool {
	for _, f := range c.pass.Files {
		if strings.HasSuffix(c.pass.Fset.Position(f.Pos()).Filename, "_test.go") {
			return true
		}
	}
	return false
}

func (c *checker) parallelRun(call *ast.CallExpr) *parallelRun {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ks.IsTestingMethod(fn, "Run") || len(call.Args) != 2 {
		return nil
	}
	lit, ok := ast.Unparen(call.Args[1]).(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return nil
	}
	t := c.pass.TypesInfo.Defs[lit.Type.Params.List[0].Names[0]]
	for _, s := range lit.Body.List {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		pc, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		sel, ok := ast.Unparen(pc.Fun).(*ast.SelectorExpr)
		pfn, _ := typeutil.Callee(c.pass.TypesInfo, pc).(*types.Func)
		if ok && ks.IsTestingMethod(pfn, "Parallel") {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && t != nil && c.pass.TypesInfo.Uses[id] == t {
				return &parallelRun{call: call, lit: lit, parallel: pc}
			}
		}
	}
	return nil
}

// enclosingLoop finds the innermost function around the top of stack and
// the innermost loop inside that function.
func enclosingLoop(stack []ast.Node) (encl, loop ast.Node) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop == nil {
				loop = n
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return n, loop
		}
	}
	return nil, loop
}

// parallelWrites reports r's writes to variables shared with its other
// runs (sibs == nil: r runs in a loop) or with its parallel siblings.
func (c *checker) parallelWrites(r *parallelRun, sibs []*parallelRun) {
	inside := func(n ast.Node, v *types.Var) bool { return n != nil && n.Pos() <= v.Pos() && v.Pos() < n.End() }
	uses := c.uses(r.lit.Body, func(v *types.Var) bool { return !inside(r.lit, v) && !inside(r.loop, v) })
	for v, us := range uses {
		for _, u := range us {
			if u.node.Pos() < r.parallel.End() || len(u.held) > 0 {
				continue
			}
			if u.kind == useRead || u.kind == useElemWrite && !isMap(v.Type()) && !u.appended {
				continue // reads, and writes of distinct slice elements
			}
			if sibs != nil && !c.sharedWith(v, sibs) {
				break // no sibling touches v
			}
			c.report(u.node, catParallel,
				fmt.Sprintf("%s is written by parallel subtests, which run at the same time as their siblings; give each subtest its own %s or guard it with a mutex", v.Name(), v.Name()),
				related(r.parallel, "the subtest runs in parallel from here"), related(r.call, "the subtest starts here"))
			break
		}
	}
}
