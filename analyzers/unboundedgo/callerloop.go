package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// unboundedInCaller reports a go statement in a function that a loop of
// the package calls once per message it receives, when the goroutine sends
// back on the channel the loop receives from (a batcher's processItem
// re-queueing the rest of an oversized item): one goroutine per message,
// each waiting for the busy loop to take its value, so under a stream of
// such messages they pile up. Goroutines a callee starts for other work
// (per key, per signal, for the call's own duration) are not judged.
func (c *checker) unboundedInCaller(s *concurrency.Spawn) bool {
	if s.Kind != kc.SpawnGo || s.Loop != nil {
		return false
	}
	fd, ok := s.Encl.(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return false
	}
	callee := c.enclosingFunc(s)
	if callee == nil {
		return false
	}
	for _, site := range c.callSites(callee) {
		if c.reportIfDriven(s, fd, site) {
			return true
		}
	}
	return false
}

// callSites returns the calls of fn in the package's files, from an index
// of every static call built on first use: one walk for all spawns.
func (c *checker) callSites(fn *types.Func) []*ast.CallExpr {
	if c.callsTo == nil {
		c.callsTo = map[*types.Func][]*ast.CallExpr{}
		c.in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
			call := n.(*ast.CallExpr)
			if f := typeutil.StaticCallee(c.pass.TypesInfo, call); f != nil {
				c.callsTo[f.Origin()] = append(c.callsTo[f.Origin()], call)
			}
		})
	}
	return c.callsTo[fn]
}

// limitedAcross reports a limiter between the loop and the goroutine: a
// semaphore acquired in the loop or in the callee before the spawn
// (a send there, a receive in the goroutine, or a known acquirer), or a
// join in the loop after the call. A receive in the loop is not one: it is
// what drives the loop, and a goroutine feeding it back is more work.
func (c *checker) limitedAcross(s *concurrency.Spawn, fd *ast.FuncDecl, loop ast.Stmt, site *ast.CallExpr) bool {
	body := loopBody(loop)
	inside := c.chanOps(s.Body, nil)
	for _, outside := range []map[types.Object]int{c.chanOps(body, nil), c.chanOps(fd.Body, s.Body)} {
		for obj, dirs := range inside {
			if outside[obj]&opSend != 0 && dirs&opRecv != 0 {
				return true
			}
		}
	}
	if c.calls(body, limits.Acquirers, token.NoPos) || c.calls(fd.Body, limits.Acquirers, token.NoPos) {
		return true
	}
	return c.calls(body, limits.Joiners, site.End())
}

// reportIfDriven reports s when the call site lies in a loop the outside
// world drives and nothing limits the goroutines it starts.
func (c *checker) reportIfDriven(s *concurrency.Spawn, fd *ast.FuncDecl, site *ast.CallExpr) bool {
	f := c.file(site.Pos())
	if f == nil || c.generated(site.Pos()) {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(f, site.Pos(), site.End())
	at := *s // the spawn as seen from the call site
	at.Node, at.Call = site, site
	for _, n := range path {
		if _, ok := n.(*ast.FuncDecl); ok {
			at.Encl = n
			break
		}
		if _, ok := n.(*ast.FuncLit); ok {
			at.Encl = n
			break
		}
	}
	for _, n := range path {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false // loops beyond the caller's own body run it once per call
		case *ast.ForStmt, *ast.RangeStmt:
			loop := n.(ast.Stmt)
			at.Loop = loop
			src, ok := c.tripSource(&at, loop)
			if !ok || !c.feedsBack(s, loop) || c.limitedAcross(s, fd, loop, site) {
				continue
			}
			c.pass.Report(analysis.Diagnostic{
				Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryUnbounded,
				Message: fmt.Sprintf("starts a goroutine on every call of %s, which runs once per %s, and each waits to send back to the loop that is busy starting more, so under a stream of such messages they pile up without bound; hand the value back in the loop itself (a local queue) instead of from a goroutine",
					fd.Name.Name, src.what),
				Related: []analysis.RelatedInformation{
					{Pos: site.Pos(), Message: "called here, in the loop"},
					{Pos: loop.Pos(), Message: "the loop: " + src.what},
				},
			})
			c.reported[s.Node] = true
			return true
		}
	}
	return false
}

// feedsBack reports whether the goroutine sends on a channel the loop
// receives from.
func (c *checker) feedsBack(s *concurrency.Spawn, loop ast.Stmt) bool {
	outside := c.chanOps(loop, nil)
	for obj, dirs := range c.chanOps(s.Body, nil) {
		if dirs&opSend != 0 && outside[obj]&opRecv != 0 {
			return true
		}
	}
	return false
}
