package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// cleanupWords name the methods that give back what a handle holds: a lock
// a collection context keeps, a goroutine, a transaction, a connection.
var cleanupWords = []string{"cancel", "close", "abort", "rollback", "release", "stop", "discard", "cleanup", "shutdown", "unlock"}

// isCleanup reports whether a method's name says it gives a handle back.
func isCleanup(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range cleanupWords {
		if strings.HasPrefix(lower, w) {
			return true
		}
	}
	return false
}

// handleCleanup is a cleanup method called on a handle just before a
// failure return: the function's own evidence that, once the handle is
// made, a failure must give it back.
type handleCleanup struct {
	handle
	call   ssa.CallInstruction
	method string
	ret    *ssa.Return
}

// handle is a value made by a call, held in an SSA value or, when a
// closure captures it, in a variable assigned only that value.
type handle struct {
	value ssa.Value
	cell  *ssa.Alloc
	made  *ssa.Call // the call that made it
}

// handleOf resolves a cleanup call's receiver to the handle it reads.
func handleOf(v ssa.Value) (handle, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		cell, ok := load.X.(*ssa.Alloc)
		if !ok || !cell.Heap {
			return handle{}, false
		}
		stored := storedOnce(cell)
		if made := madeBy(stored); made != nil {
			return handle{value: stored, cell: cell, made: made}, true
		}
		return handle{}, false
	}
	if made := madeBy(v); made != nil {
		return handle{value: v, made: made}, true
	}
	return handle{}, false
}

// is reports whether v reads the handle.
func (h handle) is(v ssa.Value) bool {
	if v == h.value {
		return true
	}
	load, ok := v.(*ssa.UnOp)
	return ok && h.cell != nil && load.Op == token.MUL && load.X == h.cell
}

// uses returns the instructions that use the handle: those of its value,
// and of every read of its variable, and the closures that capture it.
func (h handle) uses() []ssa.Instruction {
	if h.cell == nil {
		return *h.value.Referrers()
	}
	var out []ssa.Instruction
	for _, ref := range *h.cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			out = append(out, *ref.Referrers()...)
		case *ssa.MakeClosure:
			out = append(out, ref)
		}
	}
	for _, ref := range *h.value.Referrers() {
		if _, ok := ref.(*ssa.Store); !ok {
			out = append(out, ref)
		}
	}
	return out
}

// storedOnce returns the one value stored into a variable, or nil.
func storedOnce(cell *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, ref := range *cell.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok {
			continue
		}
		if st.Addr != cell || stored != nil {
			return nil
		}
		stored = st.Val
	}
	return stored
}

// missedCleanups reports a failure return that skips the cleanup which
// another failure return of the same function makes on the same handle
// (c := startGCContext(...); one error path calls c.cancel(ctx), another
// returns without it): whatever the handle holds, a lock, a goroutine, a
// connection, stays held for good.
func (c *checker) missedCleanups() {
	for _, fn := range c.ssa.SrcFuncs {
		if !returnsError(fn) || c.generatedOnly(fn.Pos()) {
			continue
		}
		rets := failureReturns(fn)
		if len(rets) < 2 {
			continue
		}
		reported := map[ssa.Value]bool{}
		for _, h := range cleanupsBeforeReturns(rets) {
			if reported[h.value] {
				continue
			}
			for _, r := range rets {
				if r.Block() != h.ret.Block() && skipsCleanup(h, r) {
					reported[h.value] = true
					c.reportMissedCleanup(h, r)
					break
				}
			}
		}
	}
}

func returnsError(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	return res.Len() > 0 && typesutil.IsError(res.At(res.Len()-1).Type())
}

func failureReturns(fn *ssa.Function) []*ssa.Return {
	var out []*ssa.Return
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && ret.Pos().IsValid() && failureReturn(fn, ret) {
			out = append(out, ret)
		}
	}
	return out
}

// cleanupsBeforeReturns finds the cleanup calls on a handle in the blocks
// of failure returns.
func cleanupsBeforeReturns(rets []*ssa.Return) []handleCleanup {
	var out []handleCleanup
	for _, r := range rets {
		for _, in := range r.Block().Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			recv, method := cleanupCall(call.Common())
			if recv == nil || timeValue(recv) {
				continue
			}
			if h, ok := handleOf(recv); ok {
				out = append(out, handleCleanup{handle: h, call: call, method: method, ret: r})
			}
		}
	}
	return out
}

// cleanupCall returns the receiver and name of a cleanup method call.
func cleanupCall(c *ssa.CallCommon) (ssa.Value, string) {
	if recv, name := methodCall(c); recv != nil && isCleanup(name) {
		return recv, name
	}
	return nil, ""
}

// methodCall returns the receiver and name of a method call.
func methodCall(c *ssa.CallCommon) (ssa.Value, string) {
	if c.IsInvoke() {
		return c.Value, c.Method.Name()
	}
	if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(c.Args) > 0 {
		return c.Args[0], fn.Name()
	}
	return nil, ""
}

// madeBy returns the call whose result v is, directly or as the first of
// its results.
func madeBy(v ssa.Value) *ssa.Call {
	if e, ok := v.(*ssa.Extract); ok && e.Index == 0 {
		v = e.Tuple
	}
	call, _ := v.(*ssa.Call)
	return call
}

// skipsCleanup reports whether failure return r comes after the handle is
// made, by a failure of a later call, on a path with no cleanup of the
// handle, and the handle has not been handed to anyone who might give it
// back instead.
func skipsCleanup(h handleCleanup, r *ssa.Return) bool {
	failed := failingCall(r)
	if failed == nil || failed == h.made || !h.made.Block().Dominates(r.Block()) || !ssautil.Precedes(h.made, failed) {
		return false
	}
	for _, ref := range h.uses() {
		if !harmlessUse(h, ref, failed, r) {
			return false
		}
	}
	return true
}

// harmlessUse reports whether a use of the handle leaves it the function's
// to give back at r: a method call on it that is no cleanup on the way to
// r, a field read, or an argument of the very call whose failure r
// returns. A store, a return, a goroutine, a defer or an argument of
// another call on the way hands it over.
func harmlessUse(h handleCleanup, ref ssa.Instruction, failed *ssa.Call, r *ssa.Return) bool {
	onWay := ref.Block() != r.Block() && ssautil.Reaches(ref.Block(), r.Block()) || ssautil.Precedes(ref, r)
	switch u := ref.(type) {
	case *ssa.FieldAddr, *ssa.Field, *ssa.DebugRef:
		return true
	case *ssa.Call:
		if recv, _ := cleanupCall(u.Common()); recv != nil && h.is(recv) {
			return !onWay
		}
		if recv, _ := methodCall(u.Common()); recv != nil && h.is(recv) {
			return true
		}
		return u == failed || !onWay
	case *ssa.MakeClosure:
		return syncClosure(u, h.handle)
	}
	return false
}

// syncClosure reports whether a closure that captures the handle is only
// called or passed to a call (m.db.Update(func(tx) error {...})), and
// never cleans the handle up itself.
func syncClosure(mc *ssa.MakeClosure, h handle) bool {
	for _, ref := range *mc.Referrers() {
		if _, ok := ref.(*ssa.Call); !ok {
			return false
		}
	}
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if (b == h.value || b == h.cell) && i < len(fn.FreeVars) && cleansUp(fn.FreeVars[i]) {
			return false
		}
	}
	return true
}

func cleansUp(free *ssa.FreeVar) bool {
	reads := []ssa.Value{free}
	for _, ref := range *free.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
			reads = append(reads, load)
		}
	}
	for _, v := range reads {
		for _, ref := range *v.Referrers() {
			if call, ok := ref.(ssa.CallInstruction); ok {
				if recv, _ := cleanupCall(call.Common()); recv == v {
					return true
				}
			}
		}
	}
	return false
}

// failingCall returns the call whose error r returns, directly or wrapped
// once (fmt.Errorf("...: %w", err)), when r is reached only once that
// error has been found non-nil.
func failingCall(r *ssa.Return) *ssa.Call {
	v := r.Results[len(r.Results)-1]
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	errv := errorOf(v)
	if errv == nil {
		wrap, ok := v.(*ssa.Call)
		if !ok {
			return nil
		}
		errv = wrappedError(wrap)
	}
	if errv == nil || !checkedFailure(r, errv) {
		return nil
	}
	if e, ok := errv.(*ssa.Extract); ok {
		return e.Tuple.(*ssa.Call)
	}
	return errv.(*ssa.Call)
}

func wrappedError(wrap *ssa.Call) ssa.Value {
	for _, a := range wrap.Call.Args {
		if errv := errorOf(a); errv != nil {
			return errv
		}
		if s, ok := a.(*ssa.Slice); ok { // variadic ...any
			if errv := variadicError(s); errv != nil {
				return errv
			}
		}
	}
	return nil
}

// checkedFailure reports whether r is reached only through the branch an
// err != nil test of errv takes.
func checkedFailure(r *ssa.Return, errv ssa.Value) bool {
	for _, ref := range *errv.Referrers() {
		cmp, ok := ref.(*ssa.BinOp)
		if !ok || !isNilConst(cmp.X) && !isNilConst(cmp.Y) {
			continue
		}
		for _, u := range *cmp.Referrers() {
			iff, ok := u.(*ssa.If)
			if !ok {
				continue
			}
			taken := iff.Block().Succs[0]
			if cmp.Op == token.EQL {
				taken = iff.Block().Succs[1]
			}
			if cmp.Op != token.NEQ && cmp.Op != token.EQL || len(taken.Preds) != 1 {
				continue
			}
			if taken.Dominates(r.Block()) {
				return true
			}
		}
	}
	return false
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

// errorOf returns v when it is the error result of a call: an extract of
// its last result, or the call itself when it returns only an error.
func errorOf(v ssa.Value) ssa.Value {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	switch x := v.(type) {
	case *ssa.Extract:
		if _, ok := x.Tuple.(*ssa.Call); ok {
			return x
		}
	case *ssa.Call:
		if typesutil.IsError(x.Type()) {
			return x
		}
	}
	return nil
}

// variadicError finds an error stored into a variadic argument array.
func variadicError(s *ssa.Slice) ssa.Value {
	arr, ok := s.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	for _, ref := range *arr.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, r := range *ia.Referrers() {
			if st, ok := r.(*ssa.Store); ok {
				if errv := errorOf(st.Val); errv != nil {
					return errv
				}
			}
		}
	}
	return nil
}

func (c *checker) reportMissedCleanup(h handleCleanup, r *ssa.Return) {
	name := c.handleName(h)
	c.pass.Report(analysis.Diagnostic{
		Pos: r.Pos(), Category: CategoryDeadlock,
		Message: fmt.Sprintf("this error return skips %s.%s, which the function's other error return makes on the same %s; whatever %s holds (a lock, a goroutine, a connection) stays held for good, so call %s.%s here too, or defer it once %s is made",
			name, h.method, name, name, name, h.method, name),
		Related: []analysis.RelatedInformation{
			{Pos: h.call.Pos(), Message: fmt.Sprintf("%s.%s is called here before the other error return", name, h.method)},
			{Pos: h.made.Pos(), Message: name + " is made here"},
		},
	})
}

// handleName is the handle as the cleanup call writes it (c in
// c.cancel(ctx)), or "the handle".
func (c *checker) handleName(h handleCleanup) string {
	if call := c.nodeAt(h.call.Pos()); call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return exprText(sel.X)
		}
	}
	return "the handle"
}

// timeValue reports whether v is a time.Timer or Ticker: one left running
// holds nothing the garbage collector does not take back.
func timeValue(v ssa.Value) bool {
	n, ok := types.Unalias(typesutil.Deref(v.Type())).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time"
}
