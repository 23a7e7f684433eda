package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// spawns applies the spawn-site rules: a goroutine per request that never
// exits, a spawn per iteration of a loop the outside world drives, and a
// goroutine a handler leaves behind with no way to stop or wait for it.
func (c *checker) spawns() {
	for _, s := range c.conc.Spawns {
		if c.generatedOnly(s.Node.Pos()) || c.reported[s.Node] {
			continue
		}
		// A goroutine that never ends leaks in a test as anywhere; a
		// goroutine per item is the point of a stress test.
		test := c.generated(s.Node.Pos())
		switch s.Kind {
		case kc.SpawnGo, kc.SpawnErrgroup, kc.SpawnWaitGroup:
		case kc.SpawnWrapper:
			// A wrapper may bound what it starts, but whatever it starts
			// with no way to return still never ends.
			_ = c.foreverPerInstance(s) || c.deadExit(s)
			continue
		default:
			continue // time.AfterFunc is one timer; a pool is bounded by its size
		}
		if c.foreverPerRequest(s) || c.foreverFromRequest(s) || c.foreverPerInstance(s) || c.deadExit(s) || test {
			continue
		}
		if c.unboundedInLoop(s) || c.deadLimit(s) || c.unboundedInCaller(s) {
			continue
		}
		c.fireAndForget(s)
	}
}

// directEntry returns the entry point when the spawn is in its own body,
// not in a function it calls or a callback it hands out (sync.Once.Do, a
// middleware): only then does every request start one.
func (c *checker) directEntry(s *concurrency.Spawn) *concurrency.Entry {
	for _, e := range c.conc.Entries {
		if e.Node == s.Encl {
			return e
		}
	}
	return nil
}

// foreverPerRequest reports a goroutine started on every request that can
// never return.
func (c *checker) foreverPerRequest(s *concurrency.Spawn) bool {
	e := c.directEntry(s)
	if e == nil || s.Body == nil {
		return false
	}
	fn := c.ssaFunc(s.Body)
	if fn == nil || c.ops.CanReturn(fn, nil) {
		return false
	}
	d := analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine started here on every call of %s has no path that returns, so each call leaks one; give it an exit on ctx.Done() or on a closed channel",
			entryName(e)),
		Related: []analysis.RelatedInformation{{Pos: e.Node.Pos(), Message: "the " + string(e.Kind) + " that starts it"}},
	}
	c.pass.Report(d)
	c.reported[s.Node] = true
	return true
}

// foreverPerInstance reports a goroutine with no path that returns,
// started by a method of a type that can be stopped (it has a Close, Stop or
// Shutdown method) or by a function that returns one: every instance leaks
// one goroutine, which that method cannot stop. A type with no such method
// lives as long as the process, and so may its loop.
func (c *checker) foreverPerInstance(s *concurrency.Spawn) bool {
	if s.Body == nil || s.Kind != kc.SpawnGo && s.Kind != kc.SpawnWrapper {
		return false
	}
	owner, stop := c.stoppableOwner(s)
	if owner == nil {
		return false
	}
	fn := c.ssaFunc(s.Body)
	if fn == nil || c.ops.CanReturn(fn, nil) {
		return false
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("the goroutine started here has no path that returns, so every %s leaks one and its %s cannot stop it; give the goroutine an exit on a channel %s closes or on a context it cancels",
			owner.Obj().Name(), stop, stop),
	})
	c.reported[s.Node] = true
	return true
}

// stoppableOwner returns the type whose instance the goroutine belongs to
// and that type's lifecycle method: the type the enclosing function works
// for, or else the receiver type of the started method (go r.watch() in a
// builder's Build).
func (c *checker) stoppableOwner(s *concurrency.Spawn) (*types.Named, string) {
	var candidates []*types.Func
	if encl := c.enclosingFunc(s); encl != nil {
		candidates = append(candidates, encl)
	}
	if s.Fn != nil && s.Fn.Signature().Recv() != nil {
		candidates = append(candidates, s.Fn)
	}
	for _, fn := range candidates {
		if owner := instanceOwner(fn); owner != nil {
			if stop := lifecycleMethod(owner, c.pass.Pkg); stop != "" {
				return owner, stop
			}
		}
	}
	return nil, ""
}

// enclosingFunc returns the declared function or method whose body holds
// the spawn (through function literals).
func (c *checker) enclosingFunc(s *concurrency.Spawn) *types.Func {
	for _, f := range c.pass.Files {
		if f.FileStart > s.Node.Pos() || s.Node.Pos() > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Pos() <= s.Node.Pos() && s.Node.Pos() < fd.End() {
				fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
				return fn
			}
		}
	}
	return nil
}

// instanceOwner returns the named type a function works for: a method's
// receiver type, or a function's first result type (a constructor).
func instanceOwner(fn *types.Func) *types.Named {
	sig := fn.Signature()
	var t types.Type
	switch {
	case sig.Recv() != nil:
		t = sig.Recv().Type()
	case sig.Results().Len() > 0:
		t = sig.Results().At(0).Type()
	default:
		return nil
	}
	n, ok := types.Unalias(typesutil.Deref(t)).(*types.Named)
	if !ok {
		return nil
	}
	if _, isIface := n.Underlying().(*types.Interface); isIface {
		return nil
	}
	return n
}

// lifecycleMethod returns the name of the method of n that ends an
// instance's life (Close, Stop, Shutdown), or "".
func lifecycleMethod(n *types.Named, pkg *types.Package) string {
	for _, name := range []string{"Close", "Stop", "Shutdown", "close", "stop", "shutdown"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, pkg, name); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return name
			}
		}
	}
	return ""
}

func entryName(e *concurrency.Entry) string {
	switch n := e.Node.(type) {
	case *ast.FuncDecl:
		return n.Name.Name
	}
	return "the " + string(e.Kind)
}

// unboundedInLoop reports a spawn per iteration of a loop whose trip count
// the program does not control, with no limiter in the loop.
func (c *checker) unboundedInLoop(s *concurrency.Spawn) bool {
	if !c.repeats(s) {
		return false // a return or break follows it: it runs once per call, not per iteration
	}
	for _, loop := range c.loopsAround(s) {
		src, ok := c.tripSource(s, loop)
		if !ok {
			continue
		}
		if c.limited(s, loop) {
			return false
		}
		verb := "starts a goroutine"
		if s.Kind == kc.SpawnErrgroup {
			verb = "starts a goroutine in a group with no SetLimit"
		}
		d := analysis.Diagnostic{
			Pos: s.Node.Pos(), End: s.Node.End(), Category: CategoryUnbounded,
			Message: fmt.Sprintf("%s once per %s with nothing bounding how many run at once, so a burst exhausts memory; %s",
				verb, src.what, remedy(s)),
			Related: []analysis.RelatedInformation{{Pos: loop.Pos(), Message: "the loop: " + src.what}},
		}
		c.pass.Report(d)
		c.reported[s.Node] = true
		return true
	}
	return false
}

// repeats reports whether the spawn's SSA instruction lies on a cycle of its
// function's control flow, so that one call can run it again and again.
func (c *checker) repeats(s *concurrency.Spawn) bool {
	pos := s.Call.Lparen
	if g, ok := s.Node.(*ast.GoStmt); ok {
		if in := c.goAt[g.Go]; in != nil {
			return ssautil.InCycle(in.Block())
		}
		return false
	}
	fn := c.ssaFunc(s.Encl)
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok && call.Pos() == pos {
				return ssautil.InCycle(b)
			}
		}
	}
	return false
}

func remedy(s *concurrency.Spawn) string {
	if s.Kind == kc.SpawnErrgroup {
		return "call SetLimit on the group"
	}
	return "acquire a slot of a buffered channel or a semaphore.Weighted before the go statement, or feed a fixed pool of workers"
}

// loopsAround returns the loops around the spawn within its function,
// innermost first.
func (c *checker) loopsAround(s *concurrency.Spawn) []ast.Stmt {
	if s.Loop == nil {
		return nil
	}
	f := c.file(s.Node.Pos())
	path, _ := astutil.PathEnclosingInterval(f, s.Node.Pos(), s.Node.End())
	var loops []ast.Stmt
	for i, n := range path {
		if n == s.Encl {
			break
		}
		if i == 0 {
			continue
		}
		switch l := n.(type) {
		case *ast.ForStmt:
			if path[i-1] == l.Body {
				loops = append(loops, l)
			}
		case *ast.RangeStmt:
			if path[i-1] == l.Body {
				loops = append(loops, l)
			}
		}
	}
	return loops
}

func between(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

var _ = token.NoPos
