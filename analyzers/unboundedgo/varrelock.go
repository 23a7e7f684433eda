package unboundedgo

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// relocksThroughVars reports a function stored in a package-level function
// variable (a hook such as rclone's operations.SyncPrintf) that takes a
// package-level lock which a caller of the variable already holds at the
// call: the call deadlocks on the non-reentrant mutex. The caller may sit in
// another package; its fact says what it holds.
func (c *checker) relocksThroughVars() {
	for _, fn := range ssautil.WithInitClosures(c.ssa.Pkg, c.ssa.SrcFuncs) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				st, ok := in.(*ssa.Store)
				if !ok || c.generatedOnly(st.Pos()) {
					continue
				}
				g, ok := st.Addr.(*ssa.Global)
				if !ok {
					continue
				}
				if v, ok := g.Object().(*types.Var); ok {
					c.checkStoredHook(st, v)
				}
			}
		}
	}
}

func (c *checker) checkStoredHook(st *ssa.Store, v *types.Var) {
	stored := storedFunc(st.Val)
	if stored == nil {
		return
	}
	under := c.locks.VarCalledUnder(v)
	if under == nil {
		return
	}
	for _, a := range c.locks.Summary(stored).Acquires {
		key, ok := lockset.GlobalKey(a.Path)
		if !ok || a.Mode != lockset.Exclusive || !slices.Contains(under.Locks, key) {
			continue
		}
		name := a.Path.String()
		if obj := a.Path.Root.Obj; obj.Pkg() != c.pass.Pkg {
			name = obj.Pkg().Name() + "." + name
		}
		hook := v.Name()
		if v.Pkg() != c.pass.Pkg {
			hook = v.Pkg().Name() + "." + hook
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: st.Pos(), Category: CategoryDeadlock,
			Message: fmt.Sprintf("the function stored in %s locks %s, but %s calls %s with %s already held, so that call blocks forever on the non-reentrant mutex; do not lock %s in the stored function, or have the caller release it before the call",
				hook, name, under.Caller, hook, name, name),
			Related: []analysis.RelatedInformation{{Pos: a.Pos, Message: name + " is locked here"}},
		})
		return
	}
}

// storedFunc returns the function a stored value is: a closure or a named
// function.
func storedFunc(v ssa.Value) *ssa.Function {
	switch v := ssautil.Unwrap(v).(type) {
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	case *ssa.Function:
		return v
	}
	return nil
}
