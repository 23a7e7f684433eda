package lockset

import (
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"unsafe"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// Limits on what a summary carries up the call graph: accesses more calls
// deep than maxDepth, and those past maxAccesses in one summary, are left
// out, so that summaries of large packages stay linear in their size.
const (
	maxDepth    = 6
	maxAccesses = 4000
	maxSyncs    = 500
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
			return throughLocalField(pathOf(b.args[p.Root.Index]).Append(p)), true
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
		switch {
		case v == Released && out[k] > 0:
			// b's code released a's lock before this point (a closure
			// that unlocks what its starter locked, then works).
			delete(out, k)
		case v == Released:
			out[k] = Released // still the caller's lock: keep the mark
		case v > out[k]:
			out[k] = v
		}
	}
	return out
}

// translator moves a callee's records to its caller at one call: paths
// through the binder, lock sets through it and under the caller's own.
// Records share their sets, so each set is translated once per call.
type translator struct {
	bind        binder
	held, waits Set // the caller's, added to every translated set
	instr       ssa.Instruction
	heldCache   map[unsafe.Pointer]Set
	waitsCache  map[unsafe.Pointer]Set
}

func newTranslator(bind binder, held, waits Set, instr ssa.Instruction) *translator {
	return &translator{bind: bind, held: held, waits: waits, instr: instr,
		heldCache: map[unsafe.Pointer]Set{}, waitsCache: map[unsafe.Pointer]Set{}}
}

func (t *translator) set(s Set, base Set, cache map[unsafe.Pointer]Set) Set {
	if len(s) == 0 {
		return base
	}
	key := reflect.ValueOf(s).UnsafePointer()
	if out, ok := cache[key]; ok {
		return out
	}
	out := union(base, t.bind.set(s))
	cache[key] = out
	return out
}

func (t *translator) access(a *Access) (*Access, bool) {
	p, ok := t.bind.path(a.Path)
	if !ok {
		return nil, false
	}
	c := *a
	c.Path = p
	if paramContent(a) {
		arg := t.bind.args[a.Path.Root.Index]
		field, path, ok := holder(arg)
		if !ok {
			if _, isParam := arg.(*ssa.Parameter); !isParam {
				return nil, false // a map of the caller's own
			}
		} else {
			// Reported where the caller hands the field over: the
			// line that must take the lock.
			c.Field, c.Path, c.Pos = field, path, loadPos(arg)
		}
	}
	c.Held = t.set(a.Held, t.held, t.heldCache)
	c.Waits = t.set(a.Waits, t.waits, t.waitsCache)
	c.Instr = t.instr
	c.Chain = prepend(t.instr, a.Chain)
	c.Depth = a.Depth + 1
	return &c, true
}

// sync translates a synchronizing operation. One on a channel the callee
// made and kept to itself concerns no other code and stays behind.
func (t *translator) sync(s *Sync) (*Sync, bool) {
	if s.Depth >= maxDepth || privateChan(s.Path) {
		return nil, false
	}
	p, ok := t.bind.path(s.Path)
	if !ok {
		return nil, false
	}
	c := *s
	c.Path, c.Instr, c.Chain, c.Held, c.Depth = p, t.instr, prepend(t.instr, s.Chain), t.set(s.Held, t.held, t.heldCache), s.Depth+1
	c.Waits = t.set(s.Waits, t.waits, t.waitsCache)
	return &c, true
}

func (t *translator) acquire(a *Acquire) (*Acquire, bool) {
	p, ok := t.bind.path(a.Path)
	if !ok || a.Depth >= maxDepth {
		return nil, false
	}
	c := *a
	c.Path, c.Held, c.Chain, c.Depth = p, t.set(a.Held, t.held, t.heldCache), prepend(t.instr, a.Chain), a.Depth+1
	return &c, true
}

// spawn translates a goroutine the callee starts; its own lock sets are not
// the caller's, so they are translated without the caller's locks.
func (t *translator) spawn(sp *Spawn, budget *int) *Spawn {
	own := newTranslator(t.bind, nil, nil, t.instr)
	out := &Spawn{Pos: sp.Pos, Fn: sp.Fn, Held: t.set(sp.Held, t.held, t.heldCache), Instr: t.instr,
		Chain: prepend(t.instr, sp.Chain), Loop: sp.Loop, Joined: sp.Joined, Depth: sp.Depth + 1}
	for _, a := range sp.Accesses {
		if a.Depth >= maxDepth || *budget <= 0 {
			continue
		}
		if ta, ok := own.access(a); ok {
			out.Accesses = append(out.Accesses, ta)
			*budget--
		}
	}
	for i, s := range sp.Syncs {
		if i >= maxSyncs {
			break
		}
		if ts, ok := own.sync(s); ok {
			out.Syncs = append(out.Syncs, ts)
		}
	}
	for _, a := range sp.Acquires {
		if ta, ok := own.acquire(a); ok {
			out.Acquires = append(out.Acquires, ta)
		}
	}
	return out
}

// inline adds a callee's accesses, goroutines and synchronization to the
// summary, as made by instr under st. direct is set for a call of the
// callee itself (not a deferred call or a callback), where taking a lock the
// caller holds certainly deadlocks.
func (f *flow) inline(cs *Summary, instr ssa.Instruction, bind binder, st state, direct bool) {
	t := newTranslator(bind, st.locks, st.waits, instr)
	for _, a := range cs.Accesses {
		if len(f.sum.Accesses) >= maxAccesses {
			break
		}
		if a.Depth >= maxDepth {
			continue
		}
		if ta, ok := t.access(a); ok {
			f.sum.Accesses = append(f.sum.Accesses, ta)
		}
	}
	for _, s := range cs.Syncs {
		if len(f.sum.Syncs) >= maxSyncs {
			break
		}
		if ts, ok := t.sync(s); ok {
			f.sum.Syncs = append(f.sum.Syncs, ts)
		}
	}
	always := f.always[instr.Block()]
	for _, a := range cs.Acquires {
		ta, ok := t.acquire(a)
		if !ok {
			continue
		}
		ta.Always = a.Always && always
		f.sum.Acquires = append(f.sum.Acquires, ta)
		// A callee that releases the caller's lock before taking it
		// again (unlock, work, lock in a defer) holds it only once.
		if !direct || !a.Always || a.Held.Held(a.Path, Shared) || a.Held[a.Path] == Released {
			continue
		}
		lock, held := ta.Path, st.locks[ta.Path]
		if held <= 0 {
			lock, held, _ = ownerLock(st.locks, ta.Path)
		}
		if held > 0 {
			f.sum.Relocks = append(f.sum.Relocks, &Relock{Lock: lock, Held: held, Mode: a.Mode, Pos: instr.Pos(), Inner: a.Pos, Chain: ta.Chain})
		}
	}
	for _, sp := range cs.Spawns {
		if sp.Depth >= maxDepth || f.spawnBudget <= 0 {
			continue
		}
		ts := t.spawn(sp, &f.spawnBudget)
		ts.Loop = ts.Loop || f.cyclic[instr.Block()]
		f.sum.Spawns = append(f.sum.Spawns, ts)
	}
}

// funcValue returns the function a function value runs, with the binder
// of its captured variables: a closure or a named function, else nil.
func funcValue(v ssa.Value) (*ssa.Function, binder) {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn, binder{free: v.Bindings}
	case *ssa.Function:
		return v, binder{}
	}
	return nil, binder{}
}

func prepend(instr ssa.Instruction, chain *Chain) *Chain {
	return &Chain{Instr: instr, Next: chain}
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
		started, bind = funcValue(fn)
	}
	if started == nil {
		return
	}
	body := bodyOf(started)
	if body == nil || !f.r.local(body) {
		return
	}
	gs := f.r.summary(body)
	// The goroutine starts with no locks held, but for those it releases
	// without taking: the starter took them and hands them over (lock in
	// the method, unlock in the goroutine), so its accesses run under them.
	own := &Spawn{Accesses: gs.Accesses, Syncs: gs.Syncs, Acquires: gs.Acquires}
	if inherited := released(gs.Exit); len(inherited) > 0 {
		own.Accesses = make([]*Access, len(gs.Accesses))
		for i, a := range gs.Accesses {
			c := *a
			c.Held = union(inherited, a.Held) // held until the goroutine releases it
			own.Accesses[i] = &c
		}
		own.Syncs = make([]*Sync, len(gs.Syncs))
		for i, s := range gs.Syncs {
			c := *s
			c.Held = union(inherited, s.Held)
			own.Syncs[i] = &c
		}
	}
	t := newTranslator(bind, nil, nil, instr)
	sp := t.spawn(own, &f.spawnBudget)
	sp.Pos, sp.Fn, sp.Held, sp.Loop, sp.Depth = instr.Pos(), body, st.locks, f.cyclic[instr.Block()], 0
	if cs := f.r.spawnAt[instr.Pos()]; c == nil && cs != nil {
		sp.Joined = cs.Joined
	}
	sp.Chain = &Chain{Instr: instr}
	if c != nil {
		f.wrapped(sp, gs, c, bind, instr)
	}
	f.sum.Spawns = append(f.sum.Spawns, sp)
	for _, nested := range gs.Spawns {
		if nested.Depth >= maxDepth || f.spawnBudget <= 0 {
			continue
		}
		ns := t.spawn(nested, &f.spawnBudget)
		ns.Loop = ns.Loop || sp.Loop
		f.sum.Spawns = append(f.sum.Spawns, ns)
	}
}

// wrapped adds to a goroutine the closures it was given and calls (go
// withRecover(b.receive), go safe(func() {...})): they run in it, under the
// locks the started function holds where it calls them.
func (f *flow) wrapped(sp *Spawn, gs *Summary, c *ssa.CallCommon, bind binder, instr ssa.Instruction) {
	for i, arg := range c.Args {
		held, calls := gs.ParamCalls[i]
		mc, ok := arg.(*ssa.MakeClosure)
		if !calls || !ok {
			continue
		}
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok {
			continue
		}
		body := bodyOf(fn)
		if body == nil || !f.r.local(body) || body == f.fn {
			continue
		}
		cb := f.r.summary(body)
		t := newTranslator(binder{free: mc.Bindings}, bind.set(held), nil, instr)
		sub := t.spawn(&Spawn{Accesses: cb.Accesses, Syncs: cb.Syncs, Acquires: cb.Acquires}, &f.spawnBudget)
		// Held around the call, and handed over by the starter when the
		// closure releases a lock it did not take.
		extra := union(bind.set(held), binder{free: mc.Bindings}.set(released(cb.Exit)))
		for _, a := range sub.Accesses {
			a.Held = union(extra, a.Held)
		}
		for _, s := range sub.Syncs {
			s.Held = union(extra, s.Held)
		}
		sp.Accesses = append(sp.Accesses, sub.Accesses...)
		sp.Syncs = append(sp.Syncs, sub.Syncs...)
		sp.Acquires = append(sp.Acquires, sub.Acquires...)
	}
}

// accesses records the memory instr reads or writes under st.
func (f *flow) accesses(instr ssa.Instruction, st state) {
	switch in := instr.(type) {
	case *ssa.Store:
		f.storeVal = in.Val
		f.addrAccess(in.Addr, Write, in.Pos(), st)
		f.storeVal = nil
	case *ssa.UnOp:
		if in.Op == token.MUL {
			f.addrAccess(in.X, Read, in.Pos(), st)
			if _, ok := in.X.(*ssa.FieldAddr); ok && st.locks.Any() {
				f.loadedUnder[in] = st.locks
			}
		}
	case *ssa.MapUpdate:
		f.content(in.Map, ContentWrite, true, in.Pos(), st)
	case *ssa.Lookup:
		if isMap(in.X.Type()) {
			f.content(in.X, ContentRead, true, in.Pos(), st)
		}
	case *ssa.Range:
		if isMap(in.X.Type()) {
			f.content(in.X, ContentRead, true, loadPos(in.X), st) // at the map, not the for keyword
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
		p := pathOf(a)
		f.add(&Access{Path: p, Field: ssautil.FieldOf(a).Origin(), Kind: kind, Pos: pos, Init: kind == Write && f.initializes(p)}, st)
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok {
			p := pathOf(a)
			f.add(&Access{Path: p, Field: v, Kind: kind, Pos: pos, Init: kind == Write && f.initializes(p)}, st)
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
	if !pos.IsValid() {
		pos = loadPos(v) // a range statement has no position of its own in SSA
	}
	if ok && f.snapshot(v, st) {
		if !isMap || f.replaces(path) {
			return // its own copy: the field holds another now
		}
		f.add(&Access{Path: path, Field: field, Kind: kind, Map: true, Pos: pos, Snapshot: true}, st)
		return
	}
	if !ok {
		if p, isParam := v.(*ssa.Parameter); isParam && isMap {
			// A map the caller passes in: which field it is, the call
			// that brings this access into the caller says.
			f.add(&Access{Path: pathOf(p), Kind: kind, Map: true, Pos: pos}, st)
		}
		return
	}
	f.add(&Access{Path: path, Field: field, Kind: kind, Map: isMap, Pos: pos}, st)
}

// holder returns the field or package variable v was loaded from (or, for
// an array, addressed in).
func holder(v ssa.Value) (*types.Var, Path, bool) {
	switch x := v.(type) {
	case *ssa.Lookup:
		// An inner map or slice of a map held in a field (s.m[k1][k2]):
		// its contents are part of the field's.
		if !x.CommaOk {
			return holder(x.X)
		}
	case *ssa.UnOp:
		if ia, ok := x.X.(*ssa.IndexAddr); ok && x.Op == token.MUL {
			return holder(ia.X) // an element of a slice held in a field
		}
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	switch a := v.(type) {
	case *ssa.FieldAddr:
		return ssautil.FieldOf(a).Origin(), pathOf(a), true
	case *ssa.Global:
		if g, ok := a.Object().(*types.Var); ok {
			return g, pathOf(a), true
		}
	}
	return nil, Path{}, false
}

// callAccess records the accesses of builtins (delete, clear, len of a map)
// and of sync/atomic functions on a field or variable, and the counter
// updates (count.Add) of its typed values.
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
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" || len(c.Args) == 0 {
		return
	}
	if obj.Signature().Recv() != nil && !CounterUpdate(obj.Name()) {
		return // the typed values synchronize themselves; only counters say more
	}
	kind := Write
	if strings.HasPrefix(obj.Name(), "Load") {
		kind = Read
	}
	switch a := c.Args[0].(type) {
	case *ssa.FieldAddr:
		f.add(&Access{Path: pathOf(a), Field: ssautil.FieldOf(a).Origin(), Kind: kind, Atomic: true, Pos: call.Pos()}, st)
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok {
			f.add(&Access{Path: pathOf(a), Field: v, Kind: kind, Atomic: true, Pos: call.Pos()}, st)
		}
	}
}

func (f *flow) add(a *Access, st state) {
	if a.Field == nil && !paramContent(a) || len(f.sum.Accesses) >= maxAccesses {
		return
	}
	a.Held, a.Waits, a.Fn = st.locks, st.waits, f.fn
	if a.Instr == nil {
		a.Instr = f.current
	}
	a.Chain = &Chain{Instr: a.Instr}
	f.sum.Accesses = append(f.sum.Accesses, a)
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// released returns, as held, the locks an exit state released without
// taking them.
func released(exit Set) Set {
	var out Set
	for p, m := range exit {
		if m == Released {
			if out == nil {
				out = Set{}
			}
			out[p] = Exclusive
		}
	}
	return out
}

// initializes reports whether a write to p is made only after testing a
// field of the same object (or p itself) against a constant: if c.config ==
// nil { c.config = ... }, or if t.version != unknown { return } before the
// fields are filled. Such a write initializes once; code that reads after
// the initialization sees a value that no longer changes.
func (f *flow) initializes(p Path) bool {
	if isZero(f.storeVal) {
		return false // clearing a field after testing it is teardown, not initialization
	}
	return f.testedBefore(p, false)
}

// guardedByState reports whether a channel or WaitGroup operation on p is
// made only on one outcome of a test of its object's state (if s.closed {
// return }): the test decides whether it runs. A test whose both branches
// lead to the operation (if s.client != nil { s.client.Close() }) does not.
func (f *flow) guardedByState(p Path) bool {
	return f.testedBefore(p, true)
}

// testedBefore reports whether a dominating if tests a field of p's object
// (or p itself) against a constant; with deciding, only an if from which
// just one branch reaches the current instruction counts.
func (f *flow) testedBefore(p Path, deciding bool) bool {
	parent, ok := p.Parent()
	if !ok {
		parent = p
	}
	for b := f.current.Block(); b != nil; b = b.Idom() {
		if b == f.current.Block() {
			continue
		}
		ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if deciding && ssautil.Reaches(b.Succs[0], f.current.Block()) == ssautil.Reaches(b.Succs[1], f.current.Block()) {
			continue
		}
		if tested, ok := comparedField(ifInstr.Cond); ok && (tested == p || tested.HasPrefix(parent) && tested.Root == p.Root) {
			return true
		}
	}
	return false
}

// comparedField returns the field path a condition compares with a
// constant: x.f == nil, x.f != 0, or a boolean field itself.
func comparedField(cond ssa.Value) (Path, bool) {
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond = u.X
	}
	loaded := func(v ssa.Value) (Path, bool) {
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
			switch u.X.(type) {
			case *ssa.FieldAddr, *ssa.Global:
				return pathOf(u.X), true
			}
		}
		return Path{}, false
	}
	if p, ok := loaded(cond); ok {
		return p, true
	}
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return Path{}, false
	}
	if _, isConst := bin.Y.(*ssa.Const); isConst {
		return loaded(bin.X)
	}
	if _, isConst := bin.X.(*ssa.Const); isConst {
		return loaded(bin.Y)
	}
	return Path{}, false
}

// privateChan reports whether p is a channel its function made and neither
// stored nor returned: no other code can operate it.
func privateChan(p Path) bool {
	mc, ok := p.Root.Value.(*ssa.MakeChan)
	if !ok || p.Root.Kind != Local || p.Steps != "" || len(Aliases(p)) > 1 {
		return false
	}
	for _, ref := range *mc.Referrers() {
		if _, ok := ref.(*ssa.Return); ok {
			return false
		}
	}
	return true
}

// isZero reports whether v is a constant zero value (nil, 0, "", false).
func isZero(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && (c.Value == nil || c.IsNil() || c.Value.ExactString() == "0" || c.Value.ExactString() == `""` || c.Value.ExactString() == "false")
}

// paramContent reports whether a is an access to the contents of a map
// parameter, whose field only the caller knows.
func paramContent(a *Access) bool {
	return a.Field == nil && a.Map && a.Path.Root.Kind == Param && a.Path.Steps == ""
}

// loadPos returns the position of the field selection v is loaded from.
func loadPos(v ssa.Value) token.Pos {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if fa, ok := u.X.(*ssa.FieldAddr); ok {
			return fa.Pos()
		}
	}
	return v.Pos()
}

// snapshot reports whether v, a map or slice loaded from a field, was
// loaded under a lock that is no longer held: the code took it out under
// the lock (m := s.subs; s.subs = nil) and uses its own copy now.
func (f *flow) snapshot(v ssa.Value, st state) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok {
		return false
	}
	then := f.loadedUnder[u]
	for lock, m := range then {
		if m > 0 && st.locks[lock] <= 0 {
			return true
		}
	}
	return false
}

// replaces reports whether the function writes the field at p itself, as
// code that takes a map out from under the lock does (m := s.subs; s.subs =
// nil).
func (f *flow) replaces(p Path) bool {
	for _, a := range f.sum.Accesses {
		if a.Kind == Write && SamePlace(a.Path, p) {
			return true
		}
	}
	return false
}

// CounterUpdate reports whether a sync/atomic function or method of that
// name adds to its value (or ands, or ors).
func CounterUpdate(name string) bool {
	return strings.HasPrefix(name, "Add") || strings.HasPrefix(name, "And") || strings.HasPrefix(name, "Or")
}
