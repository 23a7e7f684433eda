package unboundedgo

import (
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// unbalancedAdds reports a WaitGroup.Add on a local WaitGroup from which
// a path reaches the function's Wait without passing anything that could
// call Done: no go statement or call that is handed the WaitGroup or a
// closure over it, no Done of its own. On that path the counter never
// returns to zero, so Wait blocks forever. The typical shape is an Add
// before a lookup that can fail and continue the loop before the go
// statement.
func (c *checker) unbalancedAdds() {
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if wg, ok := in.(*ssa.Alloc); ok && isWaitGroup(wg) {
					c.checkWaitGroup(fn, wg)
				}
			}
		}
	}
}

func isWaitGroup(a *ssa.Alloc) bool {
	return typesutil.IsNamed(typesutil.Deref(a.Type()), "sync", "WaitGroup")
}

// wgUses sorts the uses of one local WaitGroup.
type wgUses struct {
	adds      []*ssa.Call // Add(1)
	waits     map[ssa.Instruction]bool
	balancers map[ssa.Instruction]bool // whatever may call Done
}

func (c *checker) checkWaitGroup(fn *ssa.Function, wg *ssa.Alloc) {
	u := wgUsesOf(wg)
	if u == nil || len(u.waits) == 0 || c.generatedOnly(wg.Pos()) {
		return
	}
	for _, add := range u.adds {
		if wait := reachesUnbalanced(add, u, c); wait != nil {
			c.reportUnbalanced(add, wait)
			return // one finding per WaitGroup
		}
	}
}

// wgUsesOf classifies the referrers of wg, or returns nil when the
// WaitGroup is copied or stored where its uses cannot be followed.
func wgUsesOf(wg *ssa.Alloc) *wgUses {
	u := &wgUses{waits: map[ssa.Instruction]bool{}, balancers: map[ssa.Instruction]bool{}}
	for _, ref := range *wg.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			switch m := ssautil.Callee(ref.Common()); {
			case m != nil && syncapi.IsWaitGroup(m, "Wait"):
				u.waits[ref] = true
			case m != nil && syncapi.IsWaitGroup(m, "Add") && addsOne(ref.Call.Args):
				u.adds = append(u.adds, ref)
			default:
				u.balancers[ref] = true // Done, a negative Add, or a callee that may call Done
			}
		case *ssa.MakeClosure:
			u.balancers[ref] = true
			for _, use := range *ref.Referrers() {
				u.balancers[use] = true // the go statement or call that runs it
			}
		case *ssa.Go, *ssa.Defer:
			u.balancers[ref] = true
		case *ssa.Store:
			if ref.Addr != wg {
				return nil // the WaitGroup's address is kept elsewhere
			}
		default:
			return nil
		}
	}
	return u
}

// addsOne reports whether Add's delta (after the receiver) is 1: the Add
// that counts one goroutine. Add(n) before a loop of n go statements
// reaches Wait along the loop's zero-trip path, which a constant n rules
// out, so it is not judged.
func addsOne(args []ssa.Value) bool {
	if len(args) != 2 {
		return false
	}
	k, ok := args[1].(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(k.Value)
	return exact && n == 1
}

// reachesUnbalanced searches forward from add for a Wait that no balancer
// precedes on some path; it returns that Wait.
func reachesUnbalanced(add *ssa.Call, u *wgUses, c *checker) ssa.Instruction {
	type pos struct {
		b    *ssa.BasicBlock
		from int
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []pos{{add.Block(), ssautil.Index(add) + 1}}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if c.ops.DeadEnd(p.b) {
			continue
		}
		blocked := false
		for _, in := range p.b.Instrs[p.from:] {
			if u.waits[in] {
				return in
			}
			if u.balancers[in] {
				blocked = true
				break
			}
		}
		if blocked {
			continue
		}
		for _, s := range p.b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, pos{s, 0})
			}
		}
	}
	return nil
}

func (c *checker) reportUnbalanced(add *ssa.Call, wait ssa.Instruction) {
	name := "the WaitGroup"
	if call := nodeAt(c, add.Pos(), func(call *ast.CallExpr) token.Pos { return call.Lparen }); call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			name = exprText(sel.X)
		}
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: add.Pos(), Category: CategoryDeadlock,
		Message: "this " + name + ".Add has a path to " + name + ".Wait that starts no goroutine and calls no Done (an early continue or a skipped branch), so the counter never reaches zero and Wait blocks forever; call Add just before the go statement it counts",
		Related: []analysis.RelatedInformation{{Pos: wait.Pos(), Message: "Wait blocks here"}},
	})
}
