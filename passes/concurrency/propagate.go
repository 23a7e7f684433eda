package concurrency

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
)

// propagate marks goroutine bodies and entry points as concurrent, then
// everything they reach within the package through static calls and nested
// function literals. Calls through interfaces and function values are not
// followed: a missed callee means a missed finding, never a false one.
func propagate(pass *analysis.Pass, r *Result) {
	var work []ast.Node
	mark := func(n ast.Node, why *Reason) {
		if n == nil || r.concurrent[n] != nil {
			return
		}
		r.concurrent[n] = why
		work = append(work, n)
	}
	for _, s := range r.Spawns {
		mark(s.Body, &Reason{Spawn: s})
	}
	for _, e := range r.Entries {
		mark(e.Node, &Reason{Entry: e})
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		why := r.concurrent[n]
		body := astutil.FuncBody(n)
		if body == nil {
			continue // declared without a body (assembly, linkname)
		}
		ast.Inspect(body, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				mark(m, why)
			case *ast.CallExpr:
				if fn := typeutil.StaticCallee(pass.TypesInfo, m); fn != nil {
					if d := r.decls[fn.Origin()]; d != nil {
						mark(d, &Reason{Spawn: why.Spawn, Entry: why.Entry, Via: m.Pos()})
					}
				}
			}
			return true
		})
	}
}
