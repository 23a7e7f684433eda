package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// platformServers are the packages whose accept loops are the model of Go
// servers: a goroutine per connection is their design, and their users
// limit load elsewhere (MaxConcurrentStreams, timeouts, a proxy).
var platformServers = []string{"net/http", "golang.org/x/net/http2", "google.golang.org/grpc"}

// listenerHandoffs reports a call that hands a listener the caller made
// with net.Listen, and never wrapped in a connection limit, to a function
// whose fact (passes/concurrency's AcceptSpawner) says it starts a
// goroutine per accepted connection.
func (c *checker) listenerHandoffs() {
	c.in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || c.generated(n.Pos()) {
			return true
		}
		call := n.(*ast.CallExpr)
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
		if fn == nil || platform(fn) {
			return true
		}
		param, ok := c.conc.AcceptSpawnerOf(fn)
		if !ok || param >= len(call.Args) {
			return true
		}
		encl := enclosingFuncNode(stack)
		if encl != nil && c.unlimitedListenerIn(encl, call.Args[param]) {
			c.reportHandoff(call, fn, call.Args[param])
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
