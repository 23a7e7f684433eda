// Package forever is a shared building block: it finds the functions that
// start, on every call that returns, a goroutine with no path that returns,
// directly or through the functions they call, and exports that as a fact.
// A handler in another package that calls one leaks a goroutine per
// request, which its own package cannot see. It reports nothing.
package forever

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/chanops"
)

// Analyzer computes the Starts facts and the Result for a package.
var Analyzer = &analysis.Analyzer{
	Name:       "forever",
	Doc:        "find the functions that start a goroutine with no way out on every call",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, chanops.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Starts)(nil)},
	Run:        runner.Recover(run),
}

// Starts marks a function every returning call of which leaves a goroutine
// behind that can never return.
type Starts struct {
	Go  string // file:line of the go statement
	Via string // the called function that starts it, empty when it is the function's own
}

// AFact marks Starts as a fact.
func (*Starts) AFact() {}

func (s *Starts) String() string {
	if s.Via == "" {
		return s.Go
	}
	return fmt.Sprintf("through %s, %s", s.Via, s.Go)
}

// Result answers for the package's functions and, through facts, for
// imported ones.
type Result struct {
	pass  *analysis.Pass
	local map[*types.Func]Starts
}

// Of returns fn's Starts, or nil when calling it leaves no such goroutine.
func (r *Result) Of(fn *types.Func) *Starts {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == r.pass.Pkg {
		if s, ok := r.local[fn]; ok {
			return &s
		}
		return nil
	}
	s := new(Starts)
	if r.pass.ImportObjectFact(fn, s) {
		return s
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	ops := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
	r := &Result{pass: pass, local: map[*types.Func]Starts{}}
	var funcs []*ssa.Function
	for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
		if obj := ssautil.FuncObject(fn); obj != nil && obj.Pkg() == pass.Pkg {
			funcs = append(funcs, fn)
		}
	}
	for _, fn := range funcs {
		if pos := ownForever(fn, ops); pos.IsValid() {
			r.local[ssautil.FuncObject(fn)] = Starts{Go: r.where(pos)}
		}
	}
	// A caller inherits its callee's goroutine; chains grow one call per
	// round, and the number of functions bounds the rounds.
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			obj := ssautil.FuncObject(fn)
			if _, ok := r.local[obj]; ok {
				continue
			}
			if callee, s := r.unconditionalCall(fn); s != nil {
				r.local[obj] = Starts{Go: s.Go, Via: Label(callee)}
				changed = true
			}
		}
	}
	for fn, s := range r.local {
		pass.ExportObjectFact(fn, &s)
	}
	return r, nil
}

func (r *Result) where(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// ownForever returns the position of a go statement of fn that every
// returning path passes and whose goroutine cannot return.
func ownForever(fn *ssa.Function, ops *chanops.Result) token.Pos {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			g, ok := in.(*ssa.Go)
			if !ok || !OnEveryReturn(b) {
				continue
			}
			if started := startedFunc(g); started != nil && started.Blocks != nil && !ops.CanReturn(started, nil) {
				return g.Pos()
			}
		}
	}
	return token.NoPos
}

// startedFunc returns the function a go statement runs, when static.
func startedFunc(g *ssa.Go) *ssa.Function {
	if fn := g.Call.StaticCallee(); fn != nil {
		return fn
	}
	if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok {
		return mc.Fn.(*ssa.Function)
	}
	return nil
}

// unconditionalCall returns a function fn calls on every returning path
// that starts such a goroutine, with its Starts.
func (r *Result) unconditionalCall(fn *ssa.Function) (*types.Func, *Starts) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee == fn {
				continue
			}
			obj := ssautil.FuncObject(callee)
			if s := r.Of(obj); s != nil && OnEveryReturn(b) {
				return obj, s
			}
		}
	}
	return nil, nil
}

// OnEveryReturn reports whether every path of b's function that returns
// passes through b, and some path does: what b does, each returning call
// does. A start behind a test of the object's state (if s.started {
// return }) does not pass.
func OnEveryReturn(b *ssa.BasicBlock) bool {
	found := false
	fn := b.Parent()
	for _, x := range fn.Blocks {
		if x == fn.Recover || len(x.Instrs) == 0 {
			continue // a recovered panic is no ordinary return
		}
		if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok {
			if !b.Dominates(x) {
				return false
			}
			found = true
		}
	}
	return found
}

// Label names fn as pkg.Func or pkg.Type.Method.
func Label(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return n.Obj().Pkg().Name() + "." + n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
