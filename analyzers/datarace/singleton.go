package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// sharedSingletons reports an exported method that writes a field of its
// receiver with no lock, on a type of which the package publishes one
// value in an exported variable (var BalanceStrategySticky =
// &stickyBalanceStrategy{}): every user of the package shares that value,
// so two of them calling the method at once write the field together. A
// type with a mutex or atomics of its own is left to the guard rules.
func (c *checker) sharedSingletons(generated func(token.Pos) bool) {
	singles := c.publishedSingletons()
	if len(singles) == 0 {
		return
	}
	if c.contexts == nil {
		c.contexts = c.ls.Contexts()
	}
	for _, x := range c.contexts {
		recv := lockset.RecvNamed(x.Fn)
		if x.Kind != lockset.Exported || recv == nil || singles[recv] == nil {
			continue
		}
		for _, w := range x.Accesses {
			if w.Kind != lockset.Write || w.Depth > 0 || w.Held.Any() || !onReceiver(w.Path) || generated(w.Pos) {
				continue
			}
			c.reportSingleton(x, w, singles[recv])
			break
		}
	}
}

// publishedSingletons maps each struct type of the package, with no
// synchronization of its own, to the exported package variable that the
// package initializes with the address of a composite literal of it.
func (c *checker) publishedSingletons() map[*types.TypeName]*ssa.Global {
	out := map[*types.TypeName]*ssa.Global{}
	init := c.ssa.Pkg.Func("init")
	if init == nil {
		return out
	}
	for _, fn := range append([]*ssa.Function{init}, init.AnonFuncs...) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				g, ok := st.Addr.(*ssa.Global)
				if !ok || g.Object() == nil || !g.Object().Exported() {
					continue // init's own guard variable has no object
				}
				if tn := literalType(st.Val); tn != nil && tn.Pkg() == c.pass.Pkg && !selfSynchronized(tn) {
					out[tn] = g
				}
			}
		}
	}
	return out
}

// literalType is the named type of &T{...}, possibly converted to an
// interface.
func literalType(v ssa.Value) *types.TypeName {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	alloc, ok := v.(*ssa.Alloc)
	if !ok || !alloc.Heap {
		return nil
	}
	n, ok := types.Unalias(typesutil.Deref(alloc.Type())).(*types.Named)
	if !ok {
		return nil
	}
	return n.Obj()
}

// selfSynchronized reports whether a struct type has a mutex, an atomic
// value, a channel or a sync type among its fields.
func selfSynchronized(tn *types.TypeName) bool {
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return true
	}
	for i := range st.NumFields() {
		t := typesutil.Deref(st.Field(i).Type())
		if _, isChan := t.Underlying().(*types.Chan); isChan {
			return true
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			switch n.Obj().Pkg().Path() {
			case "sync", "sync/atomic":
				return true
			}
		}
	}
	return false
}

func (c *checker) reportSingleton(x *lockset.Context, w *lockset.Access, g *ssa.Global) {
	name := c.names.expr(w.Pos, w.Field)
	c.reportAt(w.Pos, catGoroutine,
		fmt.Sprintf("%s is written with no lock in %s, but %s, the value of this type the package publishes, is shared by all its users: two of them calling %s at once write it together; keep per-call state in local variables, or guard it with a mutex",
			name, funcName(x.Fn), g.Name(), x.Fn.Name()),
		c.relatedPos(g.Pos(), g.Name()+" is published here"))
}
