package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// blockingServes lists the calls that serve until the server stops: a
// method that makes one runs on a goroutine of its own for the server's
// life (its caller starts it with go, or an errgroup does).
var blockingServes = []typesutil.Func{
	{Pkg: "net/http", Recv: "Server", Name: "Serve"},
	{Pkg: "net/http", Recv: "Server", Name: "ServeTLS"},
	{Pkg: "net/http", Recv: "Server", Name: "ListenAndServe"},
	{Pkg: "net/http", Recv: "Server", Name: "ListenAndServeTLS"},
	{Pkg: "google.golang.org/grpc", Recv: "Server", Name: "Serve"},
}

// servingWrites reports a field that an exported method writes, with no
// lock, before it blocks serving, and that another exported method of the
// type reads with no lock: the serving method runs on its own goroutine,
// so the reader (Endpoint asking for the listener's address) runs beside
// the write (kratos's HTTP server setting s.lis in Start).
func (c *checker) servingWrites(generated func(token.Pos) bool) {
	if c.contexts == nil {
		c.contexts = c.ls.Contexts()
	}
	seen := map[token.Pos]bool{}
	for _, x := range c.contexts {
		serve := blockingServe(x)
		if serve == nil {
			continue
		}
		for _, w := range x.Accesses {
			if w.Kind != lockset.Write || w.Depth > 0 || w.Held.Any() || !onReceiver(w.Path) || !lockset.Precedes(w.Chain, &lockset.Chain{Instr: serve}) {
				continue
			}
			for _, y := range c.contexts {
				r := unlockedRead(y, x, w)
				if r == nil || seen[r.Pos] || generated(r.Pos) {
					continue
				}
				seen[r.Pos] = true
				c.reportServingWrite(x, w, y, r)
			}
		}
	}
}

// blockingServe returns the serve call x's own function makes, when x is
// an exported method.
func blockingServe(x *lockset.Context) ssa.Instruction {
	if x.Kind != lockset.Exported || lockset.RecvNamed(x.Fn) == nil {
		return nil
	}
	for _, b := range x.Fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if fn := call.Call.StaticCallee(); fn != nil && isBlockingServe(fn) {
				return call
			}
		}
	}
	return nil
}

func isBlockingServe(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		// A promoted method's wrapper (s.Serve on an embedded
		// *http.Server) calls the real one.
		for _, callee := range lockset.WrappedCallees(fn) {
			if o, ok := callee.Object().(*types.Func); ok && matchesServe(o) {
				return true
			}
		}
		return false
	}
	return matchesServe(obj)
}

func matchesServe(obj *types.Func) bool {
	for _, f := range blockingServes {
		if f.Match(obj) {
			return true
		}
	}
	return false
}

func onReceiver(p lockset.Path) bool {
	return p.Root.Kind == lockset.Param && p.Root.Index == 0 && p.Last != nil && p.Steps == "."+p.Last.Name()
}

// unlockedRead returns y's read of w's field on the same receiver, with no
// lock, when y is another exported method of the same type.
func unlockedRead(y, x *lockset.Context, w *lockset.Access) *lockset.Access {
	if y == x || y.Kind != lockset.Exported || lockset.RecvNamed(y.Fn) != lockset.RecvNamed(x.Fn) {
		return nil
	}
	for _, r := range y.Accesses {
		if r.Kind == lockset.Read && r.Path == w.Path && !r.Held.Any() {
			return r
		}
	}
	return nil
}

func (c *checker) reportServingWrite(x *lockset.Context, w *lockset.Access, y *lockset.Context, r *lockset.Access) {
	name := c.names.expr(r.Pos, r.Field)
	c.reportAt(r.Pos, catGoroutine,
		fmt.Sprintf("%s is read with no lock in %s while %s, which blocks serving until the server stops and so runs on a goroutine of its own, writes it; guard %s with a mutex, or set it before the server is started",
			name, funcName(y.Fn), funcName(x.Fn), name),
		c.relatedPos(w.Pos, "written here, before serving"))
}
