package datarace

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/msvclint/msvclint/passes/locks"
)

// guardedFields reports accesses to a guarded field (annotated, or inferred
// by the locks pass from a strong majority of locked accesses) made without
// its mutex, and writes made with only its read lock. An inferred guard is
// enforced only where the code runs concurrently: in goroutines, framework
// entry points and what they call. (Exported methods of a locking type are
// not assumed concurrent: String, Close and WriteTo are often called after
// the concurrent phase is over.)
func (c *checker) guardedFields(generated func(ast.Node) bool) {
	example := map[*types.Var]*locks.Access{}
	writers := map[*types.Var]map[ast.Node]bool{}
	for _, a := range c.locks.Accesses {
		if a.Write && !a.Fresh {
			if writers[a.Var] == nil {
				writers[a.Var] = map[ast.Node]bool{}
			}
			writers[a.Var][a.Fn] = true
		}
		if g := c.locks.Guard(a.Var); g != nil && example[a.Var] == nil && a.Var.IsField() && a.Held[locks.Sibling(a.Ref, g)] > 0 {
			example[a.Var] = a
		}
	}
	for _, a := range c.locks.Accesses {
		// Test helpers order their teardown through channels this check
		// does not follow (close the listener, wait for done, then clear
		// the field), so test files are left to the other rules.
		if a.Fresh || !a.Var.IsField() || generated(a.Node) || c.inTestFile(a.Node) || c.locks.InLockedHelper(a) {
			continue
		}
		g := c.locks.Guard(a.Var)
		if g == nil {
			continue
		}
		lock := locks.Sibling(a.Ref, g)
		switch mode := a.Held[lock]; {
		case mode == 0:
			if g.Inferred && !c.concurrentContext(a) {
				continue
			}
			if w := writers[a.Var]; !a.Write && len(w) == 1 && w[a.Fn] {
				continue // the only writer reads its own writes
			}
			c.reportUnguarded(a, g, lock, example[a.Var])
		case mode == locks.Shared && a.Write:
			if g.Inferred && !c.concurrentContext(a) {
				continue
			}
			name := exprString(a.Node)
			c.report(a.Node, catGuarded,
				fmt.Sprintf("%s is written with only %s.RLock held, so readers run while it changes; take %s.Lock to write %s", name, lock, lock, name))
		}
	}
}

func (c *checker) reportUnguarded(a *locks.Access, g *locks.GuardedBy, lock locks.Ref, ex *locks.Access) {
	name := exprString(a.Node)
	verb := "read"
	if a.Write {
		verb = "written"
	}
	why := "annotated //msvclint:guardedby " + g.Lock
	if g.Inferred {
		why = fmt.Sprintf("%s guards it in %d of %d accesses", g.Lock, g.Locked, g.Total)
	}
	var rel []analysisRelated
	if ex != nil {
		rel = append(rel, related(ex.Node, "accessed with "+g.Lock+" held here"))
	}
	c.report(a.Node, catGuarded,
		fmt.Sprintf("%s is %s without %s held but %s; lock %s around this access", name, verb, lock, why, lock), rel...)
}

// concurrentContext reports whether a's function may run concurrently:
// a goroutine body, a framework entry point, or what they call. A function
// literal that is neither started as a goroutine nor called where it stands
// (one stored as a callback) runs at a time and under locks this local
// reasoning cannot know, so it never counts.
func (c *checker) concurrentContext(a *locks.Access) bool {
	if lit, ok := a.Fn.(*ast.FuncLit); ok && !c.spawnBody(lit) {
		return false
	}
	return c.conc.Concurrent(a.Fn) != nil
}

func (c *checker) spawnBody(lit *ast.FuncLit) bool {
	for _, s := range c.conc.Spawns {
		if s.Body == lit {
			return true
		}
	}
	return false
}
