package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// replacedValues reports a goroutine that reads a package variable, or a
// field of its starter's receiver, which the starter replaces on every
// call: it reads the old value (to stop or close it), assigns a new one,
// then starts the goroutine, which reads the variable again instead of
// being handed the value. The next call assigns the variable while this
// goroutine still reads it (caddy's admin server, served by a goroutine
// that reads localAdminServer while a config reload replaces it).
func (c *checker) replacedValues(generated func(token.Pos) bool) {
	if c.contexts == nil {
		c.contexts = c.ls.Contexts()
	}
	seen := map[token.Pos]bool{}
	for _, g := range c.contexts {
		if g.Kind != lockset.Goroutine || g.Parent == nil || !concurrentRoot(g.Parent) || c.awaited(g) {
			continue
		}
		for _, r := range g.Accesses {
			if r.Kind != lockset.Read || seen[r.Pos] || !replaceable(r.Path) || generated(r.Pos) || c.inTestFilePos(r.Pos) {
				continue
			}
			if w := replacement(g, r); w != nil {
				seen[r.Pos] = true
				c.reportReplaced(g, r, w)
			}
		}
	}
}

// replaceable reports whether p is a package variable or a field of a
// method's receiver: memory every call of the starter shares.
func replaceable(p lockset.Path) bool {
	switch p.Root.Kind {
	case lockset.Global:
		return p.Steps == ""
	case lockset.Param:
		return onReceiver(p)
	}
	return false
}

// replacement returns the starter's write of r's memory that follows its
// own read of the old value and precedes g's start, with no lock that the
// goroutine's read also holds.
func replacement(g *lockset.Context, r *lockset.Access) *lockset.Access {
	x := g.Parent
	if r.Path.Root.Kind == lockset.Param && lockset.RecvNamed(x.Fn) == nil {
		return nil
	}
	for _, w := range x.Accesses {
		if w.Kind != lockset.Write || w.Path != r.Path || !lockset.Precedes(w.Chain, g.Spawn.Chain) || sharesLock(w, r) {
			continue
		}
		for _, old := range x.Accesses {
			if old.Kind == lockset.Read && old.Path == r.Path && keepsOld(old, w) {
				return w
			}
		}
	}
	return nil
}

func (c *checker) reportReplaced(g *lockset.Context, r, w *lockset.Access) {
	name := c.names.expr(r.Pos, r.Field)
	starter := funcName(w.Fn)
	c.reportAt(r.Pos, catGoroutine,
		fmt.Sprintf("the goroutine started in %s reads %s, which %s replaces on every call (it reads the old value first), so the next call assigns it while this goroutine reads it; copy it into a local before the go statement and use that",
			funcName(g.Parent.Fn), name, starter),
		c.relatedPos(w.Pos, "replaced here"), c.relatedPos(g.Spawn.Pos, "the goroutine starts here"))
}

// keepsOld reports whether the old value read is put to use (closed,
// stopped, kept for later) rather than only tested against nil or built
// into the new value (a listener wrapped, a slice appended to), and the new
// value is one: only a replacement keeps the old one, and replacing is what
// a second call does. Clearing after a close is teardown.
func keepsOld(old, w *lockset.Access) bool {
	load, ok := chainEnd(old.Chain).(*ssa.UnOp)
	store, ok2 := chainEnd(w.Chain).(*ssa.Store)
	if !ok || !ok2 || load.Parent() != store.Parent() || !before(load, store) || dependsOn(store.Val, load, map[ssa.Value]bool{}) {
		return false
	}
	if k, ok := store.Val.(*ssa.Const); ok && k.IsNil() {
		return false // closed, then cleared: teardown
	}
	if onlyWhenNil(store, w.Field) {
		return false // filled once, when found unset
	}
	for _, ref := range *load.Referrers() {
		switch ref.(type) {
		case *ssa.BinOp, *ssa.If:
			continue
		}
		return true
	}
	return false
}

// onlyWhenNil reports whether store runs only on the branch where a test
// found the field nil (if p.cleanerCh == nil { p.cleanerCh = make(...) }).
func onlyWhenNil(store *ssa.Store, field *types.Var) bool {
	for d := store.Block(); d != nil; d = d.Idom() {
		if len(d.Preds) != 1 {
			continue
		}
		p := d.Preds[0]
		ifi, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ || !nilTestOf(cmp, field) {
			continue
		}
		if (cmp.Op == token.EQL) == (d == p.Succs[0]) {
			return true
		}
	}
	return false
}

// nilTestOf reports whether cmp compares a load of field with nil.
func nilTestOf(cmp *ssa.BinOp, field *types.Var) bool {
	isNil := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return ok && k.IsNil()
	}
	isField := func(v ssa.Value) bool {
		load, ok := v.(*ssa.UnOp)
		return ok && load.Op == token.MUL && (ssautil.FieldOf(load.X) == field || globalVar(load.X) == field)
	}
	return isNil(cmp.Y) && isField(cmp.X) || isNil(cmp.X) && isField(cmp.Y)
}

func globalVar(v ssa.Value) *types.Var {
	if g, ok := v.(*ssa.Global); ok {
		obj, _ := g.Object().(*types.Var)
		return obj
	}
	return nil
}

// before reports whether a runs before b on some path and never after it.
func before(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return ssautil.Index(a) < ssautil.Index(b)
	}
	return ssautil.Reaches(a.Block(), b.Block()) && !ssautil.Reaches(b.Block(), a.Block())
}

// dependsOn reports whether v is computed from x within its function.
func dependsOn(v, x ssa.Value, seen map[ssa.Value]bool) bool {
	if v == x {
		return true
	}
	if seen[v] || len(seen) > 200 {
		return false
	}
	seen[v] = true
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	for _, op := range instr.Operands(nil) {
		if *op != nil && dependsOn(*op, x, seen) {
			return true
		}
	}
	return false
}

// awaited reports whether the function that starts g waits for it before
// returning: the next call of the starter cannot overlap it.
func (c *checker) awaited(g *lockset.Context) bool {
	for _, s := range c.conc.Spawns {
		at := s.Node.Pos() == g.Spawn.Pos || s.Call != nil && s.Call.Lparen == g.Spawn.Pos
		if at && s.Awaited {
			return true
		}
	}
	return false
}
