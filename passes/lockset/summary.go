package lockset

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Limits on what a summary carries up the call graph: accesses more calls
// deep than maxDepth, and those past maxAccesses in one summary, are left
// out, so that summaries of large packages stay linear in their size.
const (
	maxDepth    = 6
	maxAccesses = 4000
)

// binder maps a callee's roots to the caller's paths at one call.
type binder struct {
	args []ssa.Value // the callee's parameters, receiver first
	free []ssa.Value // a closure's bindings
}

func (f *flow) binder(c *ssa.CallCommon) binder {
	b := binder{args: c.Args}
	if mc, ok := c.Value.(*ssa.MakeClosure); ok {
		b.free = mc.Bindings
	}
	return b
}

// path translates a callee path to the caller. A callee's local roots stay
// as they are: they name values of the callee, which is all an access on
// them needs (its own locks are on the same roots).
func (b binder) path(p Path) (Path, bool) {
	switch p.Root.Kind {
	case Param:
		if p.Root.Index < len(b.args) {
			return pathOf(b.args[p.Root.Index]).Append(p), true
		}
		return Path{}, false
	case Free:
		if p.Root.Index < len(b.free) {
			return bindingPath(b.free[p.Root.Index]).Append(p), true
		}
		return Path{}, false
	}
	return p, true
}

func (b binder) set(s Set) Set {
	out := make(Set, len(s))
	for p, m := range s {
		if q, ok := b.path(p); ok {
			out[q] = m
		}
	}
	return out
}

// bindingPath is what a closure's free variable bound to v names: the value
// a captured variable's cell holds, when it holds one value.
func bindingPath(v ssa.Value) Path {
	if cell, ok := v.(*ssa.Alloc); ok {
		if stored := cellValue(cell); stored != nil {
			return pathOf(stored)
		}
	}
	return pathOf(v)
}

// union adds the locks of b to those of a, in the stronger mode.
func union(a, b Set) Set {
	if len(b) == 0 {
		return a
	}
	out := make(Set, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if v > out[k] {
			out[k] = v
		}
	}
	return out
}

// inline adds a callee's accesses, goroutines and synchronization to the
// summary, as made by instr under st.
func (f *flow) inline(cs *Summary, instr ssa.Instruction, bind binder, st state) {
	for _, a := range cs.Accesses {
		if a.Depth >= maxDepth || len(f.sum.Accesses) >= maxAccesses {
			break
		}
		if t, ok := translateAccess(a, bind, st.locks, st.waits, instr); ok {
			f.sum.Accesses = append(f.sum.Accesses, t)
		}
	}
	for _, s := range cs.Syncs {
		if p, ok := bind.path(s.Path); ok {
			f.sum.Syncs = append(f.sum.Syncs, &Sync{Op: s.Op, Path: p, Pos: s.Pos, Instr: instr, Held: union(st.locks, bind.set(s.Held))})
		}
	}
	for _, sp := range cs.Spawns {
		t := translateSpawn(sp, bind, instr)
		t.Held = union(st.locks, t.Held)
		t.Loop = t.Loop || f.cyclic[instr.Block()]
		f.sum.Spawns = append(f.sum.Spawns, t)
	}
}

func translateAccess(a *Access, bind binder, held, waits Set, instr ssa.Instruction) (*Access, bool) {
	p, ok := bind.path(a.Path)
	if !ok {
		return nil, false
	}
	t := *a
	t.Path = p
	t.Held = union(held, bind.set(a.Held))
	t.Waits = union(waits, bind.set(a.Waits))
	t.Instr = instr
	t.Chain = prepend(instr, a.Chain)
	t.Depth = a.Depth + 1
	return &t, true
}

func prepend(instr ssa.Instruction, chain []ssa.Instruction) []ssa.Instruction {
	out := make([]ssa.Instruction, 0, len(chain)+1)
	return append(append(out, instr), chain...)
}

func translateSpawn(sp *Spawn, bind binder, instr ssa.Instruction) *Spawn {
	t := &Spawn{Pos: sp.Pos, Fn: sp.Fn, Held: bind.set(sp.Held), Instr: instr, Chain: prepend(instr, sp.Chain), Loop: sp.Loop}
	for _, a := range sp.Accesses {
		if a.Depth >= maxDepth {
			continue
		}
		if ta, ok := translateAccess(a, bind, nil, nil, instr); ok {
			t.Accesses = append(t.Accesses, ta)
		}
	}
	for _, s := range sp.Syncs {
		if p, ok := bind.path(s.Path); ok {
			t.Syncs = append(t.Syncs, &Sync{Op: s.Op, Path: p, Pos: s.Pos, Instr: instr, Held: bind.set(s.Held)})
		}
	}
	return t
}

// spawn records a goroutine started at instr: by a go statement (c) or by a
// spawner given the function value fn.
func (f *flow) spawn(instr ssa.Instruction, c *ssa.CallCommon, st state, fn ssa.Value) {
	if !f.record {
		return
	}
	var started *ssa.Function
	var bind binder
	if c != nil {
		if c.IsInvoke() {
			return
		}
		started, bind = c.StaticCallee(), f.binder(c)
	} else {
		switch v := fn.(type) {
		case *ssa.MakeClosure:
			started, _ = v.Fn.(*ssa.Function)
			bind = binder{free: v.Bindings}
		case *ssa.Function:
			started = v
		}
	}
	if started == nil {
		return
	}
	body := bodyOf(started)
	if body == nil || !f.r.local(body) {
		return
	}
	gs := f.r.Summary(body)
	// The goroutine starts with no locks held; its accesses keep their own.
	own := &Spawn{Accesses: gs.Accesses, Syncs: gs.Syncs}
	sp := translateSpawn(own, bind, instr)
	sp.Pos, sp.Fn, sp.Held, sp.Loop = instr.Pos(), body, st.locks, f.cyclic[instr.Block()]
	sp.Chain = []ssa.Instruction{instr}
	f.sum.Spawns = append(f.sum.Spawns, sp)
	for _, nested := range gs.Spawns {
		t := translateSpawn(nested, bind, instr)
		t.Loop = t.Loop || sp.Loop
		f.sum.Spawns = append(f.sum.Spawns, t)
	}
}

// accesses records the memory instr reads or writes under st.
func (f *flow) accesses(instr ssa.Instruction, st state) {
	switch in := instr.(type) {
	case *ssa.Store:
		f.addrAccess(in.Addr, Write, in.Pos(), st)
	case *ssa.UnOp:
		if in.Op == token.MUL {
			f.addrAccess(in.X, Read, in.Pos(), st)
		}
	case *ssa.MapUpdate:
		f.content(in.Map, ContentWrite, true, in.Pos(), st)
	case *ssa.Lookup:
		if isMap(in.X.Type()) {
			f.content(in.X, ContentRead, true, in.Pos(), st)
		}
	case *ssa.Range:
		if isMap(in.X.Type()) {
			f.content(in.X, ContentRead, true, in.Pos(), st)
		}
	case *ssa.Call:
		f.callAccess(in, st)
	}
}

// addrAccess records a load or store through addr: a field, a package
// variable, or an element of a slice or array held in one.
func (f *flow) addrAccess(addr ssa.Value, kind Kind, pos token.Pos, st state) {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		if a.Pos().IsValid() {
			pos = a.Pos()
		}
		f.add(&Access{Path: pathOf(a), Field: FieldOf(a).Origin(), Kind: kind, Pos: pos}, st)
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok {
			f.add(&Access{Path: pathOf(a), Field: v, Kind: kind, Pos: pos}, st)
		}
	case *ssa.IndexAddr:
		content := ContentRead
		if kind == Write {
			content = ContentWrite
		}
		if a.Pos().IsValid() {
			pos = a.Pos()
		}
		f.content(a.X, content, false, pos, st)
	}
}

// content records an access to the contents of the map or slice v, when v
// is loaded from a field or package variable.
func (f *flow) content(v ssa.Value, kind Kind, isMap bool, pos token.Pos, st state) {
	field, path, ok := holder(v)
	if !ok {
		return
	}
	f.add(&Access{Path: path, Field: field, Kind: kind, Map: isMap, Pos: pos}, st)
}

// holder returns the field or package variable v was loaded from (or, for
// an array, addressed in).
func holder(v ssa.Value) (*types.Var, Path, bool) {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	switch a := v.(type) {
	case *ssa.FieldAddr:
		return FieldOf(a).Origin(), pathOf(a), true
	case *ssa.Global:
		if g, ok := a.Object().(*types.Var); ok {
			return g, pathOf(a), true
		}
	}
	return nil, Path{}, false
}

// callAccess records the accesses of builtins (delete, clear, len of a map)
// and of sync/atomic functions on a field or variable.
func (f *flow) callAccess(call *ssa.Call, st state) {
	c := call.Common()
	if b, ok := c.Value.(*ssa.Builtin); ok && len(c.Args) > 0 && isMap(c.Args[0].Type()) {
		switch b.Name() {
		case "delete", "clear":
			f.content(c.Args[0], ContentWrite, true, call.Pos(), st)
		case "len":
			f.content(c.Args[0], ContentRead, true, call.Pos(), st)
		}
		return
	}
	callee := c.StaticCallee()
	if callee == nil || callee.Pkg == nil && callee.Object() == nil {
		return
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" || obj.Signature().Recv() != nil || len(c.Args) == 0 {
		return
	}
	kind := Write
	if strings.HasPrefix(obj.Name(), "Load") {
		kind = Read
	}
	switch a := c.Args[0].(type) {
	case *ssa.FieldAddr:
		f.add(&Access{Path: pathOf(a), Field: FieldOf(a).Origin(), Kind: kind, Atomic: true, Pos: call.Pos()}, st)
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok {
			f.add(&Access{Path: pathOf(a), Field: v, Kind: kind, Atomic: true, Pos: call.Pos()}, st)
		}
	}
}

func (f *flow) add(a *Access, st state) {
	if a.Field == nil || len(f.sum.Accesses) >= maxAccesses {
		return
	}
	a.Held, a.Waits, a.Fn = st.locks, st.waits, f.fn
	if a.Instr == nil {
		a.Instr = f.current
	}
	a.Chain = []ssa.Instruction{a.Instr}
	f.sum.Accesses = append(f.sum.Accesses, a)
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}
