package datarace

import (
	"fmt"
	"go/token"

	"github.com/msvclint/msvclint/passes/lockset"
)

// lazyGlobals reports a package variable initialized lazily (if v == "" {
// v = compute() }) with no lock, by code that may run beside itself: a
// handler, or a goroutine that exported API or a handler starts. Two
// callers both see the zero value and both write, while a third reads.
func (c *checker) lazyGlobals(generated func(token.Pos) bool) {
	if c.pass.Pkg.Name() == "main" {
		return // a command's functions are its own to call
	}
	seen := map[token.Pos]bool{}
	for _, ctx := range c.ls.Contexts() {
		if !runsBesideItself(ctx) {
			continue
		}
		for _, a := range ctx.Accesses {
			if seen[a.Pos] || !lazyGlobalWrite(a) || generated(a.Pos) || c.inTestFilePos(a.Pos) {
				continue
			}
			seen[a.Pos] = true
			name := a.Path.Root.Obj.Name()
			c.reportAt(a.Pos, catLazy, fmt.Sprintf("package variable %s is initialized lazily without a lock, and %s may run twice at once, so two callers both find it unset and write it while others read it; initialize it with sync.Once (or sync.OnceValue), or at package init",
				name, contextName(ctx)))
		}
	}
}

// lazyGlobalWrite reports whether a writes a package variable itself after
// testing it against a constant, not atomically, holding no package-level
// lock: an object's lock is one of many, one per object.
func lazyGlobalWrite(a *lockset.Access) bool {
	if a.Path.Root.Kind != lockset.Global || a.Path.Steps != "" || a.Kind != lockset.Write || !a.Init || a.Atomic {
		return false
	}
	for lock, m := range a.Held {
		if m > 0 && lock.Root.Kind == lockset.Global {
			return false
		}
	}
	return true
}

// runsBesideItself reports whether a context may run concurrently with
// another run of itself: a handler, a goroutine started in a loop, or a
// goroutine that exported API or a handler starts. Exported API alone is
// not enough: setup functions (flag registration, a test main) document
// that they run once, before anything else.
func runsBesideItself(ctx *lockset.Context) bool {
	if ctx.Self || ctx.Kind == lockset.Handler {
		return true
	}
	for p := ctx; p.Kind == lockset.Goroutine && p.Parent != nil; p = p.Parent {
		if p.Parent.Self || concurrentRoot(p.Parent) {
			return true
		}
	}
	return false
}

func contextName(ctx *lockset.Context) string {
	if ctx.Kind == lockset.Goroutine {
		return "the goroutine started in " + funcName(lockset.RootFn(ctx))
	}
	return funcName(ctx.Fn)
}
