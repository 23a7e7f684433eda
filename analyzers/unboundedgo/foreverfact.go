package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/forever"
)

// foreverThroughCalls reports a call, on a request path, of another
// package's function that on every call starts a goroutine with no path
// that returns: that package cannot know a handler calls it, and the
// handler's package cannot see the goroutine.
func (c *checker) foreverThroughCalls() {
	for _, fn := range c.ssa.SrcFuncs {
		e, scope := c.requestScope(fn)
		if e == nil {
			continue
		}
		for _, b := range fn.Blocks {
			if !forever.OnEveryReturn(b) {
				continue
			}
			for _, in := range b.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || c.generatedOnly(call.Pos()) {
					continue
				}
				callee := ssautil.FuncObject(call.Call.StaticCallee())
				if callee == nil || callee.Pkg() == c.pass.Pkg {
					continue // the package's own starts are judged at the go statement
				}
				if s := c.forever.Of(callee); s != nil {
					c.reportForeverCall(call, e, scope, callee, s)
				}
			}
		}
	}
}

// requestScope returns the entry point whose every request runs fn, and fn
// as a scope: the entry itself, or a function the package's entries reach
// through static calls and hand to no other call.
func (c *checker) requestScope(fn *ssa.Function) (e, scope *concurrency.Entry) {
	if fn == nil {
		return nil, nil
	}
	syn := fn.Syntax()
	for _, x := range c.conc.Entries {
		if x.Node == syn {
			return x, x
		}
	}
	fd, ok := syn.(*ast.FuncDecl)
	if !ok {
		return nil, nil
	}
	why := c.conc.Concurrent(fd)
	obj := ssautil.FuncObject(fn)
	if why == nil || why.Entry == nil || why.Spawn != nil || obj == nil || !c.calledDirectly(obj) {
		return nil, nil
	}
	return why.Entry, &concurrency.Entry{Node: fd, Kind: why.Entry.Kind}
}

func (c *checker) reportForeverCall(call *ssa.Call, e, scope *concurrency.Entry, callee *types.Func, s *forever.Starts) {
	who := entryName(e)
	if scope != e {
		who = fmt.Sprintf("%s, on the request path of %s,", entryName(scope), entryName(e))
	}
	name := forever.Label(callee)
	c.pass.Report(analysis.Diagnostic{
		Pos: call.Pos(), Category: CategoryLeak,
		Message: fmt.Sprintf("%s calls %s on every request, and every call of %s starts a goroutine that can never return (%s), so each request leaks one; call it once at startup or behind sync.Once, or give that goroutine an exit on ctx.Done()",
			who, name, name, s),
		Related: []analysis.RelatedInformation{{Pos: e.Node.Pos(), Message: "the " + string(e.Kind) + " whose requests reach it"}},
	})
}
