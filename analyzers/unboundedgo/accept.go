package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// AcceptSpawner is the fact of a function that accepts connections from
// its listener parameter in a loop and starts a goroutine per connection
// with nothing bounding how many run: the caller that made the listener
// decides whether connections are limited.
type AcceptSpawner struct {
	Param int // the index of the listener among the parameters
}

// AFact marks AcceptSpawner as a fact.
func (*AcceptSpawner) AFact() {}

func (f *AcceptSpawner) String() string { return fmt.Sprintf("acceptSpawner(%d)", f.Param) }

// platformServers are the packages whose accept loops are the model of Go
// servers: a goroutine per connection is their design, and their users
// limit load elsewhere (MaxConcurrentStreams, timeouts, a proxy).
var platformServers = []string{"net/http", "golang.org/x/net/http2", "google.golang.org/grpc"}

// acceptSpawners exports the AcceptSpawner facts of the package and
// returns them for its own call sites.
func (c *checker) acceptSpawners() map[*types.Func]*AcceptSpawner {
	out := map[*types.Func]*AcceptSpawner{}
	for _, s := range c.conc.Spawns {
		if s.Kind != kc.SpawnGo && s.Kind != kc.SpawnWrapper || !c.repeats(s) {
			continue
		}
		fd, ok := s.Encl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if fn == nil || out[fn] != nil {
			continue
		}
		if i, ok := c.acceptsFromParam(s, fd, fn); ok {
			out[fn] = &AcceptSpawner{Param: i}
			if fn.Exported() || fn.Signature().Recv() != nil {
				c.pass.ExportObjectFact(fn, out[fn])
			}
		}
	}
	return out
}

// acceptsFromParam finds the endless loop around s that accepts from a
// listener parameter before the spawn, with no limiter.
func (c *checker) acceptsFromParam(s *concurrency.Spawn, fd *ast.FuncDecl, fn *types.Func) (int, bool) {
	for _, loop := range c.loopsAround(s) {
		l, ok := loop.(*ast.ForStmt)
		if !ok || l.Cond != nil || c.limited(s, loop) {
			continue
		}
		if i, ok := c.acceptParam(l, s, fn); ok {
			return i, true
		}
	}
	return 0, false
}

func (c *checker) acceptParam(l *ast.ForStmt, s *concurrency.Spawn, fn *types.Func) (int, bool) {
	idx, found := -1, false
	ast.Inspect(l.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() > s.Node.Pos() {
			return !found
		}
		if !limits.Is(calleeFunc(c.pass.TypesInfo, call), limits.Accepts) {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return true
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if c.pass.TypesInfo.Uses[id] == params.At(i) {
				idx, found = i, true
			}
		}
		return !found
	})
	return idx, found
}

// listenerHandoffs reports a call that hands a listener the caller made
// with net.Listen, and never wrapped in a connection limit, to a function
// whose fact says it starts a goroutine per accepted connection.
func (c *checker) listenerHandoffs(local map[*types.Func]*AcceptSpawner) {
	c.in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || c.generated(n.Pos()) {
			return true
		}
		call := n.(*ast.CallExpr)
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
		if fn == nil || platform(fn) {
			return true
		}
		f := local[fn.Origin()]
		if f == nil {
			f = new(AcceptSpawner)
			if fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn.Origin(), f) {
				return true
			}
		}
		if f.Param >= len(call.Args) {
			return true
		}
		encl := enclosingFuncNode(stack)
		if encl != nil && c.unlimitedListenerIn(encl, call.Args[f.Param]) {
			c.reportHandoff(call, fn, call.Args[f.Param])
		}
		return true
	})
}

func platform(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return true
	}
	for _, p := range platformServers {
		if fn.Pkg().Path() == p || strings.HasPrefix(fn.Pkg().Path(), p+"/") {
			return true
		}
	}
	return false
}

func enclosingFuncNode(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

func (c *checker) reportHandoff(call *ast.CallExpr, fn *types.Func, l ast.Expr) {
	name := types.ExprString(l)
	c.pass.Report(analysis.Diagnostic{
		Pos: l.Pos(), End: l.End(), Category: CategoryUnbounded,
		Message: fmt.Sprintf("%s, made by net.Listen with no connection limit, goes to %s, which starts a goroutine per accepted connection with nothing bounding how many run, so a flood of clients exhausts memory; wrap it with netutil.LimitListener(%s, n) before handing it over",
			name, fn.Name(), name),
	})
}
