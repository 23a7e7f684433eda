package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// heldReturns reports a return that leaves a lock held which the function
// took itself and releases on its other returns: an early return on an
// error path between Lock and Unlock. Every later Lock of that mutex blocks
// forever. A return that hands the lock to its caller on success (nil
// error, true) is a lock helper's contract and is not reported, nor is a
// function that returns holding the lock on every path.
func (c *checker) heldReturns() {
	for _, fn := range c.ssa.SrcFuncs {
		sum := c.locks.Summary(fn)
		if len(sum.Returned) < 2 {
			continue
		}
		reported := map[lockset.Path]bool{}
		for _, r := range sum.Returned {
			for lock, mode := range r.Held {
				if mode <= 0 || reported[lock] || !r.Ret.Pos().IsValid() || c.generatedOnly(r.Ret.Pos()) {
					continue
				}
				acq := ownAcquire(sum, lock, r)
				if acq == nil || !releasedElsewhere(sum, lock, acq) || !failureReturn(fn, r.Ret) {
					continue
				}
				reported[lock] = true
				c.reportHeld(r, acq, mode)
			}
		}
	}
}

// ownAcquire returns the function's own Lock call on lock that every path
// to r passes, when the lock belongs to something that outlives the call (a
// receiver, a parameter, a package variable, a captured variable).
func ownAcquire(sum *lockset.Summary, lock lockset.Path, r *lockset.Return) *lockset.Acquire {
	if lock.Root.Kind == lockset.Local || strings.Contains(lock.Steps, "[]") {
		return nil
	}
	for _, a := range sum.Acquires {
		if a.Depth == 0 && a.Path == lock && ssautil.Precedes(a.Chain.Instr, r.Ret) {
			return a
		}
	}
	return nil
}

// releasedElsewhere reports whether a return that the same acquisition
// leads to leaves the lock released: the function means to unlock it. A
// lock taken in one branch only to be handed to the caller is not.
func releasedElsewhere(sum *lockset.Summary, lock lockset.Path, acq *lockset.Acquire) bool {
	for _, r := range sum.Returned {
		if r.Held[lock] <= 0 && ssautil.Precedes(acq.Chain.Instr, r.Ret) {
			return true
		}
	}
	return false
}

// failureReturn reports whether ret is a way out that cannot be handing
// the lock to the caller: a function without results, a non-nil error in
// the last result, or false in a last bool result.
func failureReturn(fn *ssa.Function, ret *ssa.Return) bool {
	res := fn.Signature.Results()
	if res.Len() == 0 {
		return true
	}
	last := ret.Results[len(ret.Results)-1]
	t := res.At(res.Len() - 1).Type()
	switch {
	case typesutil.IsError(t):
		k, ok := last.(*ssa.Const)
		return !ok || !k.IsNil()
	case types.Identical(t.Underlying(), types.Typ[types.Bool]):
		k, ok := last.(*ssa.Const)
		return ok && k.Value != nil && !constant.BoolVal(k.Value)
	}
	return false
}

func (c *checker) reportHeld(r *lockset.Return, acq *lockset.Acquire, mode lockset.Mode) {
	name, unlock := "the lock", "Unlock"
	if mode == lockset.Shared {
		unlock = "RUnlock"
	}
	var recv ast.Expr
	if call := c.nodeAt(acq.Pos); call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			recv = sel.X
			name = exprText(sel.X)
		}
	}
	d := analysis.Diagnostic{
		Pos: r.Ret.Pos(), Category: CategoryDeadlock,
		Message: fmt.Sprintf("this return leaves %s locked, while the function's other returns unlock it; the next %s.Lock blocks forever, and every goroutine that needs %s after it; call %s.%s() before returning, or defer it right after the Lock",
			name, name, name, name, unlock),
		Related: []analysis.RelatedInformation{{Pos: acq.Pos, Message: name + " is locked here"}},
	}
	if fix, ok := c.unlockBefore(r.Ret, recv, unlock); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// unlockBefore inserts the unlock just before the return statement, when
// moving the release ahead of the results cannot change what they read:
// every result is a constant, nil or a local variable.
func (c *checker) unlockBefore(ret *ssa.Return, recv ast.Expr, unlock string) (analysis.SuggestedFix, bool) {
	stmt := nodeAt(c, ret.Pos(), func(rs *ast.ReturnStmt) token.Pos { return rs.Return })
	if stmt == nil || recv == nil {
		return analysis.SuggestedFix{}, false
	}
	for _, e := range stmt.Results {
		if !c.plainResult(e) {
			return analysis.SuggestedFix{}, false
		}
	}
	col := c.pass.Fset.Position(stmt.Return).Column
	text := fmt.Sprintf("%s.%s()\n%s", exprText(recv), unlock, strings.Repeat("\t", col-1))
	return analysis.SuggestedFix{
		Message:   "unlock " + exprText(recv) + " before returning",
		TextEdits: []analysis.TextEdit{{Pos: stmt.Return, End: stmt.Return, NewText: []byte(text)}},
	}, true
}

// plainResult reports whether e reads nothing a lock could guard.
func (c *checker) plainResult(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		if _, isConst := c.pass.TypesInfo.Uses[e].(*types.Const); isConst || e.Name == "nil" {
			return true
		}
		v, ok := c.pass.TypesInfo.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		local := v.Parent() != nil && v.Parent() != v.Pkg().Scope()
		return local || typesutil.IsError(v.Type()) // a sentinel error

	}
	return false
}
