package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/cache"
	"github.com/msvclint/msvclint/passes/lockset"
	"github.com/msvclint/msvclint/passes/mutability"
)

// CategoryCheckThenAct is the category of a load and a store of one key
// under separate critical sections.
const CategoryCheckThenAct = "check-then-act"

// checkThenAct reports a cache miss filled in a second critical section
// after the lookup's own: two goroutines both miss and both fill.
//
// A function is read together with the literals it calls in place
// (func() { mu.Lock(); defer mu.Unlock(); ... }()), which are part of its
// flow; a literal handed to another function runs on that function's terms
// and is read on its own. The lookup and the fill must both be written
// there: a caller composing a cache type's Get and Set is not read.
func (c *checker) checkThenAct() {
	for _, fn := range c.ssa.SrcFuncs {
		if c.file(fn.Pos()) == nil || calledInPlace(fn) != nil || runsOnce(fn) {
			continue
		}
		tree := literalsInPlace(fn)
		fills := c.keyedFills(tree)
		if len(fills) == 0 {
			continue
		}
		s := c.sectionsOf(fn, tree)
		for _, w := range fills {
			if r, split := s.lookupBefore(w); r != nil {
				c.reportCheckThenAct(w, r, split)
			}
		}
	}
}

// keyedFills returns the stores of one key into a map or sync.Map cache,
// of values whose identity matters.
// LoadOrStore and CompareAndSwap decide in one step, and Swap replaces on
// purpose and returns what it replaced: none of them is a blind fill.
// Library caches lock inside and offer no lock to re-check under.
func (c *checker) keyedFills(tree []*ssa.Function) []*cache.Access {
	var out []*cache.Access
	for _, fn := range tree {
		for _, a := range c.cache.Funcs[fn].Accesses {
			if a.Op == cache.OpWrite && keyedCache(a.Storage) && overwrites(a) && c.file(a.Pos()) != nil && hasIdentity(a.Value) {
				out = append(out, a)
			}
		}
	}
	return out
}

// hasIdentity reports whether a cached value is an object whose identity
// matters, so that two callers that both fill the key end up holding two
// of it: a connection or other resource (a Close method), an object with
// its own state (locks, atomics, channels), or an interface with methods
// that may be one. Data (numbers, strings, slices, maps and structs of data, computed
// the same way by both callers) only costs the duplicate work.
func hasIdentity(v ssa.Value) bool {
	if v == nil {
		return false
	}
	t := ssautil.Unwrap(v).Type()
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Interface:
		// An interface with methods is an object's; an empty one says
		// nothing, and error is a result.
		return u.NumMethods() > 0 && !typesutil.IsError(t)
	case *types.Pointer:
		st, ok := u.Elem().Underlying().(*types.Struct)
		return closer(t) || ok && mutability.SelfSynchronized(st)
	}
	return false
}

// closer reports whether t has a Close method: a resource to release.
func closer(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Close")
	_, ok := obj.(*types.Func)
	return ok
}

func keyedCache(s *cache.Storage) bool {
	return s.Cache && (s.Kind == cache.KindMap || s.Kind == cache.KindSyncMap)
}

func overwrites(a *cache.Access) bool {
	switch in := a.Instr.(type) {
	case *ssa.MapUpdate:
		return true
	case *ssa.Call:
		return ssautil.Callee(&in.Call).Name() == "Store"
	}
	return false
}

// sections indexes what a function and its in-place literals do, by the
// instruction where it happens in each enclosing function: a lookup or an
// acquisition inside a literal also happens at the call that runs it.
type sections struct {
	reads    map[ssa.Instruction][]*cache.Access
	acquires map[ssa.Instruction][]*lockset.Acquire
	held     map[ssa.Instruction]lockset.Set // at each map lookup and store
	locks    bool                            // some lock is taken
}

func (c *checker) sectionsOf(root *ssa.Function, tree []*ssa.Function) *sections {
	s := &sections{reads: map[ssa.Instruction][]*cache.Access{}, acquires: map[ssa.Instruction][]*lockset.Acquire{}, held: map[ssa.Instruction]lockset.Set{}}
	for _, fn := range tree {
		for _, a := range c.cache.Funcs[fn].Accesses {
			if a.Op != cache.OpRead || !keyedCache(a.Storage) {
				continue
			}
			for in := a.Instr; in != nil; in = siteOf(in) {
				s.reads[in] = append(s.reads[in], a)
			}
		}
	}
	sum := c.locks.Summary(root)
	for _, acq := range sum.Acquires {
		s.locks = true
		for ch := acq.Chain; ch != nil && slices.Contains(tree, ch.Instr.Parent()); ch = ch.Next {
			s.acquires[ch.Instr] = append(s.acquires[ch.Instr], acq)
		}
	}
	for _, a := range sum.Accesses {
		if a.Map && (a.Kind == lockset.ContentRead || a.Kind == lockset.ContentWrite) {
			s.held[lastInstr(a.Chain)] = a.Held
		}
	}
	return s
}

// point is where the backward walk resumes: before instruction i of b,
// with the acquisition it crossed since the fill (nil while still in the
// fill's own critical section).
type point struct {
	b     *ssa.BasicBlock
	i     int
	split *lockset.Acquire
}

type visit struct {
	b     *ssa.BasicBlock
	i     int
	split bool
}

// lookupBefore walks back from a fill and returns a lookup of its key that
// some path reaches only through a new acquisition of the fill's lock, and
// that acquisition. A lookup met first, on any path, is a re-check in the
// fill's own section and ends that path.
func (s *sections) lookupBefore(w *cache.Access) (*cache.Access, *lockset.Acquire) {
	g := s.held[w.Instr]
	if w.Storage.Kind == cache.KindMap && !g.Any() {
		return nil, nil // an unlocked fill is a data race, datarace's finding
	}
	def, _ := canon(w.Key).(ssa.Instruction)
	seen := map[visit]bool{}
	work := []point{{w.Instr.Block(), index(w.Instr), nil}}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		r, open := s.scanBack(&p, w, g)
		if r != nil {
			return r, p.split
		}
		if !open {
			continue
		}
		for _, q := range before(p, def) {
			if v := (visit{q.b, q.i, q.split != nil}); !seen[v] {
				seen[v] = true
				work = append(work, q)
			}
		}
	}
	return nil, nil
}

// scanBack scans p's block backward from p.i, recording in p.split the
// acquisition it crosses. It returns the lookup found, or whether the path
// goes on past the block's start.
func (s *sections) scanBack(p *point, w *cache.Access, g lockset.Set) (*cache.Access, bool) {
	for i := p.i - 1; i >= 0; i-- {
		in := p.b.Instrs[i]
		for _, r := range s.reads[in] {
			if r.Storage != w.Storage || !sameKey(r.Key, w.Key) {
				continue
			}
			switch s.judge(r, p.split, g) {
			case found:
				return r, false
			case stop:
				return nil, false
			}
		}
		for _, acq := range s.acquires[in] {
			if p.split == nil && (g[acq.Path] > 0 || w.Storage.Kind == cache.KindSyncMap) {
				p.split = acq
			}
		}
	}
	return nil, true
}

type verdict int

const (
	further verdict = iota // not a check: look further back
	stop                   // the path is safe, or another check's to judge
	found                  // a check in an earlier critical section
)

// judge decides what a lookup of the fill's key means on the path. Each
// call of a sync.Map is its own critical section, unless the code holds a
// lock around them, which the summaries do not tell at a call: a function
// that takes no lock is read as holding none.
func (s *sections) judge(r *cache.Access, split *lockset.Acquire, g lockset.Set) verdict {
	if r.Storage.Kind == cache.KindSyncMap {
		if claims(r) {
			return stop // only the caller whose LoadOrStore stored goes on
		}
		if (split != nil || !s.locks) && tested(r.Value) {
			return found
		}
		if split == nil && s.locks {
			return stop
		}
		return further
	}
	switch {
	case split == nil:
		return stop // a double check, or a read-modify-write in one section
	case s.held[r.Instr][split.Path] <= 0:
		return stop // not under the fill's lock: a race datarace reports
	case tested(r.Value):
		return found
	}
	return further
}

// claims reports whether a lookup is a LoadOrStore, which stores only for
// the one caller that missed.
func claims(r *cache.Access) bool {
	call, ok := r.Instr.(*ssa.Call)
	return ok && ssautil.Callee(&call.Call).Name() == "LoadOrStore"
}

// before returns where the walk goes from the start of p's block: the
// predecessors, or for an in-place literal's entry, the call that runs it.
// It does not go round a loop that computes the key (def): the previous
// iteration looked up another key.
func before(p point, def ssa.Instruction) []point {
	fn := p.b.Parent()
	if p.b != fn.Blocks[0] {
		var out []point
		for _, pred := range p.b.Preds {
			if !(def != nil && def.Parent() == fn && p.b.Dominates(pred) && p.b.Dominates(def.Block())) {
				out = append(out, point{pred, len(pred.Instrs), p.split})
			}
		}
		return out
	}
	if site := calledInPlace(fn); site != nil {
		return []point{{site.Block(), index(site), p.split}}
	}
	return nil
}

// tested reports whether a branch depends on a looked-up value or its ok:
// a lookup only read to compute the new value is not a check. Values kept
// in variables are followed through their loads, also across literals.
func tested(v ssa.Value) bool {
	seen := map[flowItem]bool{}
	work := []flowItem{{v, false}}
	for len(work) > 0 && len(seen) < 256 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[it] || it.v.Referrers() == nil {
			continue
		}
		seen[it] = true
		if it.cell {
			work = append(work, cellUses(it.v)...)
			continue
		}
		for _, ref := range *it.v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.If:
				return true
			case *ssa.Store:
				if ref.Val == it.v {
					work = append(work, flowItem{ref.Addr, true})
				}
			case ssa.Value:
				work = append(work, flowItem{ref, false})
			}
		}
	}
	return false
}

// flowItem is a value a lookup's result reaches, or a variable it is
// stored in (cell).
type flowItem struct {
	v    ssa.Value
	cell bool
}

// cellUses returns the loads of a variable and the same variable as the
// literals that capture it, or the function a literal captures it from,
// see it.
func cellUses(cell ssa.Value) []flowItem {
	var out []flowItem
	if fv, ok := cell.(*ssa.FreeVar); ok && binding(fv) != nil {
		out = append(out, flowItem{binding(fv), true})
	}
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op == token.MUL {
				out = append(out, flowItem{ref, false})
			}
		case *ssa.MakeClosure:
			fn := ref.Fn.(*ssa.Function)
			for i, b := range ref.Bindings {
				if b == cell && i < len(fn.FreeVars) {
					out = append(out, flowItem{fn.FreeVars[i], true})
				}
			}
		}
	}
	return out
}

// sameKey reports whether two keys are one value: the same SSA value once
// variables and captures are resolved, or the same computation of them.
func sameKey(a, b ssa.Value) bool { return sameValue(canon(a), canon(b), 0) }

func sameValue(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || depth > maxValueDepth {
		return false
	}
	eq := func(x, y ssa.Value) bool { return sameValue(canon(x), canon(y), depth+1) }
	switch x := a.(type) {
	case *ssa.Const:
		y, ok := b.(*ssa.Const)
		return ok && types.Identical(x.Type(), y.Type()) && x.Value != nil && y.Value != nil && x.Value.ExactString() == y.Value.ExactString()
	case *ssa.BinOp:
		y, ok := b.(*ssa.BinOp)
		return ok && x.Op == y.Op && eq(x.X, y.X) && eq(x.Y, y.Y)
	case *ssa.Convert:
		y, ok := b.(*ssa.Convert)
		return ok && types.Identical(x.Type(), y.Type()) && eq(x.X, y.X)
	case *ssa.UnOp:
		y, ok := b.(*ssa.UnOp)
		return ok && x.Op == y.Op && eq(x.X, y.X)
	case *ssa.FieldAddr:
		y, ok := b.(*ssa.FieldAddr)
		return ok && x.Field == y.Field && eq(x.X, y.X)
	case *ssa.Field:
		y, ok := b.(*ssa.Field)
		return ok && x.Field == y.Field && eq(x.X, y.X)
	case *ssa.Call:
		y, ok := b.(*ssa.Call)
		return ok && sameCall(&x.Call, &y.Call, eq)
	}
	return false
}

// sameCall reports whether two static calls of one function take the same
// arguments: a key formatted twice from the same parts.
func sameCall(x, y *ssa.CallCommon, eq func(x, y ssa.Value) bool) bool {
	if x.IsInvoke() || y.IsInvoke() || x.StaticCallee() == nil || x.StaticCallee() != y.StaticCallee() || len(x.Args) != len(y.Args) {
		return false
	}
	for i := range x.Args {
		if !eq(x.Args[i], y.Args[i]) {
			return false
		}
	}
	return true
}

// canon resolves a value through conversions, captured variables and
// variables assigned once, to the value they all hold.
func canon(v ssa.Value) ssa.Value {
	for range maxChainSteps {
		v = ssautil.Unwrap(v)
		switch x := v.(type) {
		case *ssa.FreeVar:
			b := binding(x)
			if b == nil {
				return v
			}
			v = b
		case *ssa.UnOp:
			cell, ok := canon(x.X).(*ssa.Alloc)
			if x.Op != token.MUL || !ok || onlyStore(cell) == nil {
				return v
			}
			v = onlyStore(cell)
		default:
			return v
		}
	}
	return v
}

// binding returns the value a literal's free variable is bound to.
func binding(fv *ssa.FreeVar) ssa.Value {
	mc, _ := made(fv.Parent())
	i := slices.Index(fv.Parent().FreeVars, fv)
	if mc == nil || i < 0 || i >= len(mc.Bindings) {
		return nil
	}
	return mc.Bindings[i]
}

// onlyStore returns the one value ever stored into a variable's cell, nil
// when it is assigned more than once or its address escapes.
func onlyStore(cell *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != cell || stored != nil {
				return nil
			}
			stored = ref.Val
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			if capturedStore(ref, cell) {
				return nil
			}
		default:
			return nil
		}
	}
	return stored
}

func capturedStore(mc *ssa.MakeClosure, cell *ssa.Alloc) bool {
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b != cell || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *fn.FreeVars[i].Referrers() {
			if _, ok := ref.(*ssa.Store); ok {
				return true
			}
		}
	}
	return false
}

// made returns the MakeClosure of a literal with free variables and the
// instructions that use the literal.
func made(fn *ssa.Function) (*ssa.MakeClosure, []ssa.Instruction) {
	var uses []ssa.Instruction
	for _, b := range fn.Parent().Blocks {
		for _, in := range b.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == fn {
				return mc, slices.DeleteFunc(slices.Clone(*mc.Referrers()), isDebugRef)
			}
			for _, op := range in.Operands(nil) {
				if *op == fn {
					uses = append(uses, in)
				}
			}
		}
	}
	return nil, uses
}

func isDebugRef(in ssa.Instruction) bool {
	_, ok := in.(*ssa.DebugRef)
	return ok
}

// calledInPlace returns the call that runs a literal where it is written, when
// that call is the literal's only use (func() {...}(), or f := ...; f()).
func calledInPlace(fn *ssa.Function) *ssa.Call {
	if fn.Parent() == nil {
		return nil
	}
	mc, uses := made(fn)
	var val ssa.Value = fn
	if mc != nil {
		val = mc
	}
	if len(uses) != 1 {
		return nil
	}
	if call, ok := uses[0].(*ssa.Call); ok && call.Call.Value == val {
		return call
	}
	return nil
}

// siteOf returns the call that runs in's literal in place, or nil.
func siteOf(in ssa.Instruction) ssa.Instruction {
	if call := calledInPlace(in.Parent()); call != nil {
		return call
	}
	return nil
}

// literalsInPlace returns fn and the literals it runs in place, nested.
func literalsInPlace(fn *ssa.Function) []*ssa.Function {
	out := []*ssa.Function{fn}
	for _, anon := range fn.AnonFuncs {
		if calledInPlace(anon) != nil {
			out = append(out, literalsInPlace(anon)...)
		}
	}
	return out
}

// onceCalls run their function argument once, or once at a time per key:
// what the function fills cannot be filled twice at once.
var onceCalls = map[[3]string]bool{
	{"sync", "Once", "Do"}: true, {"sync", "", "OnceFunc"}: true,
	{"sync", "", "OnceValue"}: true, {"sync", "", "OnceValues"}: true,
	{"golang.org/x/sync/singleflight", "Group", "Do"}:     true,
	{"golang.org/x/sync/singleflight", "Group", "DoChan"}: true,
}

// runsOnce reports whether a literal is handed to a onceCalls function or to
// a keyed runner.
func runsOnce(fn *ssa.Function) bool {
	if fn.Parent() == nil {
		return false
	}
	mc, uses := made(fn)
	var val ssa.Value = fn
	if mc != nil {
		val = mc
	}
	for _, u := range uses {
		call, ok := u.(*ssa.Call)
		if !ok || !slices.Contains(call.Call.Args, val) {
			continue
		}
		if f := ssautil.Callee(&call.Call); f != nil && f.Pkg() != nil && onceCalls[[3]string{f.Pkg().Path(), typesutil.RecvName(f), f.Name()}] {
			return true
		}
		if keyedRunner(&call.Call, val) {
			return true
		}
	}
	return false
}

// keyedRunner reports whether a call runs a literal under a string key it
// is also given, Do(key, func() ...): the shape of every singleflight
// (go-zero's syncx.SingleFlight, hand-written ones), which runs one call
// per key at a time.
func keyedRunner(call *ssa.CallCommon, lit ssa.Value) bool {
	for _, a := range call.Args {
		if b, ok := a.Type().Underlying().(*types.Basic); ok && a != lit && b.Info()&types.IsString != 0 {
			return true
		}
	}
	return false
}

func index(in ssa.Instruction) int { return slices.Index(in.Block().Instrs, in) }

func lastInstr(ch *lockset.Chain) ssa.Instruction {
	for ch.Next != nil {
		ch = ch.Next
	}
	return ch.Instr
}

func (c *checker) reportCheckThenAct(w, r *cache.Access, split *lockset.Acquire) {
	s := w.Storage
	msg := fmt.Sprintf("%s fills cache %s after taking %s again, outside the critical section where the key was looked up; two callers can both miss and both fill the key, the second overwriting the value the first already returned, so re-check the key after taking the write lock, or use singleflight",
		funcName(w.Fn), s.Name(), c.lockName(split))
	where := "the key is looked up here, in an earlier critical section"
	if s.Kind == cache.KindSyncMap {
		msg = fmt.Sprintf("%s stores into sync.Map cache %s after a separate Load of the key missed; two callers can both miss and both store, the second overwriting the value the first already returned, so store with LoadOrStore and use the value it returns",
			funcName(w.Fn), s.Name())
		where = "the key is loaded here"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: w.Pos(), Category: CategoryCheckThenAct, Message: msg,
		Related: []analysis.RelatedInformation{c.related(r.Pos(), where), storageDecl(s)},
	})
}

// lockName names the lock taken again as the code writes it (c.mu).
func (c *checker) lockName(acq *lockset.Acquire) string {
	if acq == nil {
		return "its lock"
	}
	if call, ok := lastInstr(acq.Chain).(*ssa.Call); ok {
		if sel, ok := c.callSyntax(call); ok {
			return astutil.ShortExpr(sel.X, "its lock")
		}
	}
	if acq.Path.Last != nil {
		return acq.Path.Last.Name()
	}
	return "its lock"
}

func (c *checker) callSyntax(call *ssa.Call) (*ast.SelectorExpr, bool) {
	ce := c.callExpr(call)
	if ce == nil {
		return nil, false
	}
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	return sel, ok
}
