package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// ContextKind says how a context's code comes to run.
type ContextKind uint8

// The context kinds.
const (
	// Exported is an exported function or method: callers in other
	// packages run it, on any goroutine.
	Exported ContextKind = iota + 1
	// Unreferenced is an unexported function nothing in the package calls
	// statically (main, a function passed as a value).
	Unreferenced
	// Handler is a function a framework runs on many goroutines at once
	// (passes/concurrency's entry points).
	Handler
	// Goroutine is the body of a goroutine a context starts.
	Goroutine
	// Test is a test, benchmark, fuzz target or example: the test runner
	// runs them one at a time unless they call t.Parallel.
	Test
)

// Context is a way the package's code runs: a function called from outside
// the package, or a goroutine one starts, with every access it makes through
// the package's functions it calls, from its own roots.
type Context struct {
	Fn       *ssa.Function
	Kind     ContextKind
	Accesses []*Access
	Syncs    []*Sync
	Acquires []*Acquire
	// Spawn and Parent are set on goroutines: the start, and the context
	// whose code starts it (its accesses share the parent's roots).
	Spawn  *Spawn
	Parent *Context
	// Self is set when the context may run concurrently with itself: a
	// handler, a goroutine started in a loop or by a handler.
	Self bool
}

// Contexts returns the package's contexts, computed once; they are shared
// and must not be changed.
func (r *Result) Contexts() []*Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.contextList())
}

func (r *Result) contextList() []*Context {
	if r.contexts == nil {
		r.contexts = r.buildContexts()
	}
	return r.contexts
}

func (r *Result) buildContexts() []*Context {
	called, spawned := map[*ssa.Function]bool{}, map[*ssa.Function]bool{}
	for _, fn := range r.ssa.SrcFuncs {
		s := r.summary(fn)
		for _, c := range s.Calls {
			called[c.Callee] = true
		}
		for _, sp := range s.Spawns {
			spawned[sp.Fn] = true
			for _, callee := range WrappedCallees(sp.Fn) {
				spawned[callee] = true
			}
		}
	}
	handlers := r.handlers()
	out := []*Context{}
	for _, fn := range r.ssa.SrcFuncs {
		kind, ok := rootKind(fn, called[fn], spawned[fn], handlers[fn])
		if !ok {
			continue
		}
		s := r.summary(fn)
		ctx := &Context{Fn: fn, Kind: kind, Accesses: s.Accesses, Syncs: s.Syncs, Acquires: s.Acquires, Self: kind == Handler}
		out = append(out, ctx)
		for _, sp := range s.Spawns {
			out = append(out, &Context{
				Fn: sp.Fn, Kind: Goroutine, Accesses: sp.Accesses, Syncs: sp.Syncs, Acquires: sp.Acquires,
				Spawn: sp, Parent: ctx, Self: sp.Loop || ctx.Self,
			})
		}
	}
	return out
}

// WrappedCallees are the functions a synthetic wrapper calls: go r.run
// starts run$bound, and run is the goroutine, not code of its own.
func WrappedCallees(fn *ssa.Function) []*ssa.Function {
	if fn.Synthetic == "" {
		return nil
	}
	var out []*ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if callee := c.Common().StaticCallee(); callee != nil {
					out = append(out, callee)
				}
			}
		}
	}
	return out
}

// rootKind says whether fn starts a context, and which.
func rootKind(fn *ssa.Function, called, spawned, handler bool) (ContextKind, bool) {
	if handler {
		return Handler, true
	}
	if fn.Parent() != nil || spawned || fn.Synthetic != "" {
		return 0, false // closures run where they are made; goroutines under their starter
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || strings.HasPrefix(fn.Name(), "init#") || fn.Name() == "init" {
		return 0, false // init runs before anything else
	}
	if isTestFunc(fn, obj) {
		return Test, true
	}
	if exported(obj) {
		return Exported, true
	}
	if !called {
		return Unreferenced, true
	}
	return 0, false
}

// exported reports whether code outside the package can call obj: an
// exported function, an exported method of an exported type, or a method of
// an unexported type that implements an exported interface of the package
// with it (the implementation behind a constructor returning Client).
// Other exported methods of unexported types are reached from outside only
// through interfaces of other packages (io.Writer), which the package's own
// code mostly calls, and then from its contexts.
func exported(obj *types.Func) bool {
	if !obj.Exported() {
		return false
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return true
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	return n.Obj().Exported() || publishedBy(n, obj) || embeddedInExported(n)
}

// embeddedInExported reports whether n is embedded, by value or by
// pointer, in an exported struct type of its package: its exported
// methods are that type's (go-redis's hooksMixin.AddHook is Client.AddHook).
func embeddedInExported(n *types.Named) bool {
	scope := n.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			if f.Embedded() && types.Identical(typesutil.Deref(f.Type()), n) {
				return true
			}
		}
	}
	return false
}

// publishedBy reports whether *n implements an exported interface of its
// package that has method m.
func publishedBy(n *types.Named, m *types.Func) bool {
	scope := n.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 || !types.Implements(types.NewPointer(n), iface) {
			continue
		}
		for i := range iface.NumMethods() {
			if iface.Method(i).Name() == m.Name() {
				return true
			}
		}
	}
	return false
}

func isTestFunc(fn *ssa.Function, obj *types.Func) bool {
	if fn.Signature.Recv() != nil || !strings.HasSuffix(fn.Prog.Fset.File(fn.Pos()).Name(), "_test.go") {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(obj.Name(), prefix) {
			return true
		}
	}
	return false
}

// handler reports whether fn is a framework entry point.
func (r *Result) handler(fn *ssa.Function) bool { return r.handlers()[fn] }

// handlers maps the registered framework entry points to their SSA
// functions, computed once.
func (r *Result) handlers() map[*ssa.Function]bool {
	if r.handlerSet != nil {
		return r.handlerSet
	}
	byPos := map[token.Pos]bool{}
	for _, e := range r.conc.Entries {
		byPos[funcPos(e.Node)] = true
	}
	r.handlerSet = map[*ssa.Function]bool{}
	for _, fn := range r.ssa.SrcFuncs {
		if byPos[fn.Pos()] {
			r.handlerSet[fn] = true
		}
	}
	return r.handlerSet
}

func funcPos(n ast.Node) token.Pos {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Name.Pos()
	case *ast.FuncLit:
		return n.Type.Func
	}
	return token.NoPos
}
