package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// started is a goroutine whose closure the check can read, with the
// variables it shares with its enclosing function.
type started struct {
	spawn *concurrency.Spawn
	uses  map[*types.Var][]use
}

// siblingGoroutines reports a variable of the enclosing function that two
// goroutines started from different places use at once, one of them
// writing it with no lock both hold: nothing orders the two goroutines, so
// their accesses race (err = run() in each of the agent's loops), whether
// or not the spawner waits for both afterwards.
func (c *checker) siblingGoroutines(generated func(ast.Node) bool) {
	byEncl := map[ast.Node][]started{}
	var order []ast.Node
	for _, s := range c.conc.Spawns {
		lit, ok := s.Body.(*ast.FuncLit)
		if !ok || generated(s.Node) || c.usesAtomics(lit.Body) {
			continue
		}
		uses := c.closureUses(lit)
		if len(uses) == 0 {
			continue
		}
		if byEncl[s.Encl] == nil {
			order = append(order, s.Encl)
		}
		byEncl[s.Encl] = append(byEncl[s.Encl], started{spawn: s, uses: uses})
	}
	for _, encl := range order {
		body := astutil.FuncBody(encl)
		if body == nil {
			continue
		}
		c.pairSiblings(body, byEncl[encl])
	}
}

// pairSiblings compares each goroutine with those started after it, when
// no synchronization in the spawner separates the two starts.
func (c *checker) pairSiblings(body *ast.BlockStmt, gs []started) {
	done := map[*types.Var]bool{}
	for i, a := range gs {
		for _, b := range gs[i+1:] {
			if a.spawn.Node == b.spawn.Node || !after(body, a.spawn.Node, b.spawn.Node.Pos()) || c.waitBetween(body, a.spawn.Node.End(), b.spawn.Node.Pos()) {
				continue
			}
			for v, bus := range b.uses {
				if done[v] || a.uses[v] == nil {
					continue
				}
				for _, bu := range bus {
					if au, ok := conflicting(wholeOrMap(v, a.uses[v]), bu); ok && (bu.kind != useElemWrite || isMap(v.Type())) {
						done[v] = true
						c.reportSiblings(v, a, au, bu)
						break
					}
				}
			}
		}
	}
}

func (c *checker) reportSiblings(v *types.Var, a started, au, bu use) {
	line := c.line(a.spawn.Node)
	msg := fmt.Sprintf("%s is written here while the goroutine started on line %d uses it too, and nothing orders the two goroutines; give each goroutine its own variable, or guard %s with a mutex", v.Name(), line, v.Name())
	if bu.kind == useRead {
		msg = fmt.Sprintf("%s is read here while the goroutine started on line %d writes it, and nothing orders the two goroutines; give each goroutine its own variable, or guard %s with a mutex", v.Name(), line, v.Name())
	}
	c.report(bu.node, catCaptured, msg,
		related(au.node, fmt.Sprintf("the other goroutine's access to %s", v.Name())),
		related(a.spawn.Node, "the other goroutine starts here"))
}

// wholeOrMap drops element writes of a slice or array: two goroutines
// writing results[0] and results[1] touch different memory.
func wholeOrMap(v *types.Var, us []use) []use {
	if isMap(v.Type()) {
		return us
	}
	var out []use
	for _, u := range us {
		if u.kind != useElemWrite {
			out = append(out, u)
		}
	}
	return out
}

// waitBetween is syncBetween without the calls that only count goroutines
// (WaitGroup.Add): an Add between two go statements orders nothing.
func (c *checker) waitBetween(body ast.Node, from, to token.Pos) bool {
	return c.syncBetweenExcept(body, from, to, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		return ok && c.addsToGroup(call)
	})
}

func (c *checker) addsToGroup(call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	return fn != nil && ks.IsWaitGroup(fn, "Add")
}
