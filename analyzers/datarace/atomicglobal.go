package datarace

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/passes/lockset"
)

// atomicGlobals reports a package variable that an exported function
// writes plainly while it stores another of the package's variables
// atomically, and that another exported function reads plainly while it
// loads one of them atomically. The package keeps those variables atomic
// because its functions run on any goroutine; the one beside them races
// (go-zero's logx encoding, set by SetUp beside its atomic initialized flag
// and read on every log call beside the atomic logLevel). A read ordered
// after the write by an atomic flag is not reported.
func (c *checker) atomicGlobals(generated func(token.Pos) bool) {
	atomicVars := c.atomicPackageVars()
	if len(atomicVars) == 0 {
		return
	}
	var writes, reads []atomicGlobalOcc
	for _, ctx := range c.ls.Contexts() {
		if !concurrentRoot(ctx) {
			continue
		}
		store, load := atomicGlobalOps(ctx, atomicVars)
		if store == nil {
			store = c.onceStore(lockset.RootFn(ctx), atomicVars)
		}
		for _, a := range ctx.Accesses {
			if a.Atomic || !c.ownGlobal(a) || atomicVars[a.Field] || a.Held.Any() || generated(a.Pos) {
				continue
			}
			switch {
			case a.Kind == lockset.Write && store != nil:
				writes = append(writes, atomicGlobalOcc{occ{Ctx: ctx, Access: a}, store})
			case a.Kind == lockset.Read && load != nil:
				reads = append(reads, atomicGlobalOcc{occ{Ctx: ctx, Access: a}, load})
			}
		}
	}
	done := map[*types.Var]bool{}
	for _, w := range writes {
		for _, r := range reads {
			if done[w.Access.Field] || r.Access.Field != w.Access.Field || sameThread(w.Ctx, r.Ctx) {
				continue
			}
			if c.concurrent(w.occ, r.occ) {
				done[w.Access.Field] = true
				c.reportAtomicGlobal(w, r)
			}
		}
	}
}

// atomicGlobalOcc is a plain access with the atomic access of a sibling
// variable that its root also makes.
type atomicGlobalOcc struct {
	occ
	sibling *lockset.Access
}

// atomicPackageVars are this package's variables that some code accesses
// with sync/atomic.
func (c *checker) atomicPackageVars() map[*types.Var]bool {
	out := map[*types.Var]bool{}
	for _, ctx := range c.ls.Contexts() {
		for _, a := range ctx.Accesses {
			if a.Atomic && c.ownGlobal(a) {
				out[a.Field] = true
			}
		}
	}
	return out
}

// atomicGlobalOps returns an atomic store and an atomic load of the
// package's atomic variables that ctx makes, or nil.
func atomicGlobalOps(ctx *lockset.Context, vars map[*types.Var]bool) (store, load *lockset.Access) {
	for _, a := range ctx.Accesses {
		if !a.Atomic || !vars[a.Field] {
			continue
		}
		if a.Kind.IsWrite() && store == nil {
			store = a
		} else if !a.Kind.IsWrite() && load == nil {
			load = a
		}
	}
	return store, load
}

// onceStore finds an atomic store of the package's atomic variables that fn
// makes in a function it gives sync.Once.Do, directly or a call or two
// down: the setup that runs once still publishes to concurrent readers.
func (c *checker) onceStore(fn *ssa.Function, vars map[*types.Var]bool) *lockset.Access {
	var found *lockset.Access
	visitCalls(fn, 3, map[*ssa.Function]bool{}, func(call ssa.CallInstruction, inOnce bool) bool {
		callee := call.Common().StaticCallee()
		if !inOnce || callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "sync/atomic" || !strings.HasPrefix(callee.Name(), "Store") {
			return false
		}
		g, ok := call.Common().Args[0].(*ssa.Global)
		if !ok {
			return false
		}
		if v, isVar := g.Object().(*types.Var); isVar && vars[v] {
			found = &lockset.Access{Field: v, Pos: call.Pos(), Kind: lockset.Write, Atomic: true}
			return true
		}
		return false
	}, false)
	return found
}

// visitCalls calls visit on the calls fn makes, and those of the package's
// functions it calls statically or gives sync.Once.Do, depth calls down,
// until visit returns true. inOnce says a Do of sync.Once runs the call.
func visitCalls(fn *ssa.Function, depth int, seen map[*ssa.Function]bool, visit func(ssa.CallInstruction, bool) bool, inOnce bool) bool {
	if fn == nil || depth < 0 || seen[fn] {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if visit(call, inOnce) {
				return true
			}
			next, once := onceCallee(call)
			if next == nil {
				next = call.Common().StaticCallee()
			}
			if next != nil && next.Pkg == fn.Pkg && visitCalls(next, depth-1, seen, visit, inOnce || once) {
				return true
			}
		}
	}
	return false
}

// onceCallee is the closure a sync.Once.Do call runs.
func onceCallee(call ssa.CallInstruction) (*ssa.Function, bool) {
	callee := call.Common().StaticCallee()
	if callee == nil || callee.Name() != "Do" || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "sync" || len(call.Common().Args) != 2 {
		return nil, false
	}
	switch f := call.Common().Args[1].(type) {
	case *ssa.MakeClosure:
		fn, _ := f.Fn.(*ssa.Function)
		return fn, fn != nil
	case *ssa.Function:
		return f, true
	}
	return nil, false
}

// ownGlobal reports whether a accesses a package variable of this package
// itself, not a field of it.
func (c *checker) ownGlobal(a *lockset.Access) bool {
	return a.Path.Root.Kind == lockset.Global && a.Path.Steps == "" && a.Field != nil && a.Field.Pkg() == c.pass.Pkg
}

func (c *checker) reportAtomicGlobal(w, r atomicGlobalOcc) {
	name := w.Access.Field.Name()
	c.reportAt(w.Access.Pos, catGuarded,
		fmt.Sprintf("%s is written without sync/atomic in %s, which stores %s atomically, while %s reads it and loads %s atomically: the package's functions run on any goroutine, so these two race; make %s atomic like its siblings, or guard it with a mutex",
			name, funcName(w.Access.Fn), w.sibling.Field.Name(), funcName(lockset.RootFn(r.Ctx)), r.sibling.Field.Name(), name),
		c.relatedPos(r.Access.Pos, "read here"),
		c.relatedPos(w.sibling.Pos, "stored atomically here"))
}
