package lockset

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// CalledUnder marks a package-level function variable that the package
// calls while holding package-level locks: a function stored in it that
// takes one of them again deadlocks, whichever package stores it.
type CalledUnder struct {
	Locks  []string // GlobalKey of each lock held exclusively at the call
	Caller string   // the calling function and the call's file:line
}

// AFact marks CalledUnder as a fact.
func (*CalledUnder) AFact() {}

func (c *CalledUnder) String() string { return fmt.Sprintf("called under %v by %s", c.Locks, c.Caller) }

// VarCall is a call through a package-level function variable.
type VarCall struct {
	Var   *types.Var
	Held  Set
	Instr *ssa.Call
}

// GlobalKey names a lock rooted at a package-level variable the same way
// in every package, or reports false for a lock of another root.
func GlobalKey(p Path) (string, bool) {
	if p.Root.Kind != Global || p.Root.Obj == nil || p.Root.Obj.Pkg() == nil {
		return "", false
	}
	return p.Root.Obj.Pkg().Path() + "." + p.Root.Obj.Name() + p.Steps, true
}

// varCall records a call through a package-level function variable. A
// light analysis has no recording pass: it meets the states its rounds
// see at the call, which shrink to the final one.
func (f *flow) varCall(call *ssa.Call, st state) {
	v := calledVar(call.Common())
	switch {
	case v == nil:
	case f.record:
		f.sum.VarCalls = append(f.sum.VarCalls, &VarCall{Var: v, Held: st.locks, Instr: call})
	case f.light:
		if f.sum.lightVarCalls == nil {
			f.sum.lightVarCalls = map[*ssa.Call]*VarCall{}
		}
		if old := f.sum.lightVarCalls[call]; old != nil {
			old.Held = meet(old.Held, st.locks)
		} else {
			f.sum.lightVarCalls[call] = &VarCall{Var: v, Held: st.locks, Instr: call}
		}
	}
}

// varCallsOf returns a summary's calls through function variables, full
// or light.
func varCallsOf(s *Summary) []*VarCall {
	if s.VarCalls != nil {
		return s.VarCalls
	}
	out := make([]*VarCall, 0, len(s.lightVarCalls))
	for _, vc := range s.lightVarCalls {
		out = append(out, vc)
	}
	slices.SortFunc(out, func(a, b *VarCall) int { return int(a.Instr.Pos() - b.Instr.Pos()) })
	return out
}

// calledVar returns the package-level variable a call loads its function
// from, or nil.
func calledVar(c *ssa.CallCommon) *types.Var {
	load, ok := c.Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	g, ok := load.X.(*ssa.Global)
	if !ok {
		return nil
	}
	v, _ := g.Object().(*types.Var)
	return v
}

// VarCalledUnder returns, for a package-level function variable of this
// package or, through its fact, of another, the package-level locks held
// at a call of it; nil when none is.
func (r *Result) VarCalledUnder(v *types.Var) *CalledUnder {
	if v.Pkg() != r.pass.Pkg {
		var c CalledUnder
		if r.pass.ImportObjectFact(v, &c) {
			return &c
		}
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.varCalls()[v]; ok {
		return &c
	}
	return nil
}

// varCalls finds the package's calls through its own function variables
// made with package-level locks held. Only the functions that make such a
// call are summarized, and lightly: a full summary computed here, before
// the checks ask for theirs, would change what recursion leaves unknown in
// those, and so their findings.
func (r *Result) varCalls() map[*types.Var]CalledUnder {
	if r.calledUnder != nil {
		return r.calledUnder
	}
	r.calledUnder = map[*types.Var]CalledUnder{}
	for _, fn := range r.ssa.SrcFuncs {
		if !callsOwnVar(fn, r.pass.Pkg) {
			continue
		}
		for _, vc := range varCallsOf(r.effect(fn)) {
			if vc.Var.Pkg() == r.pass.Pkg {
				r.addVarCall(vc)
			}
		}
	}
	return r.calledUnder
}

func (r *Result) addVarCall(vc *VarCall) {
	var locks []string
	for p, m := range vc.Held {
		if key, ok := GlobalKey(p); ok && m == Exclusive {
			locks = append(locks, key)
		}
	}
	if len(locks) == 0 {
		return
	}
	slices.Sort(locks)
	if _, ok := r.calledUnder[vc.Var]; ok {
		return // one call names the deadlock; the first found is kept
	}
	pos := r.pass.Fset.Position(vc.Instr.Pos())
	r.calledUnder[vc.Var] = CalledUnder{Locks: locks, Caller: fmt.Sprintf("%s (%s:%d)", vc.Instr.Parent().Name(), filepath.Base(pos.Filename), pos.Line)}
}

func callsOwnVar(fn *ssa.Function, pkg *types.Package) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok {
				if v := calledVar(call.Common()); v != nil && v.Pkg() == pkg {
					return true
				}
			}
		}
	}
	return false
}

// exportVarCalls exports a CalledUnder fact for each of the package's
// function variables called with a package-level lock held.
func (r *Result) exportVarCalls() {
	for v, c := range r.varCalls() {
		r.pass.ExportObjectFact(v, &c)
	}
}
