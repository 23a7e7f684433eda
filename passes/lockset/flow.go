package lockset

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// state is what is certainly true at a point: the locks held, and what was
// waited on.
type state struct {
	locks, waits Set
}

func meetState(a *state, b state) *state {
	if a == nil {
		return &b
	}
	return &state{locks: meet(a.locks, b.locks), waits: meet(a.waits, b.waits)}
}

func equalState(a, b *state) bool {
	return (a == nil) == (b == nil) && (a == nil || equal(a.locks, b.locks) && equal(a.waits, b.waits))
}

// flow holds one function's analysis.
type flow struct {
	r        *Result
	fn       *ssa.Function
	sum      *Summary
	record   bool
	deferred Set // locks a deferred call releases at return
	cyclic   map[*ssa.BasicBlock]bool
	always   map[*ssa.BasicBlock]bool // blocks every returning path runs
	exit     *state
	// normalExit is exit over the returns of normal completion, without
	// the return after a recovered panic.
	normalExit *state
	current    ssa.Instruction // the instruction being recorded
	light      bool            // exit states only: no recording pass
	storeVal   ssa.Value       // the value being stored, while a store is recorded
	// loadedUnder holds the locks held at each field load made under one.
	loadedUnder map[*ssa.UnOp]Set
	// spawnBudget bounds the goroutine accesses a summary carries.
	spawnBudget int
	// handed holds the locks the function is entered holding (handedIn).
	handed Set
}

// analyze computes fn's summary: a forward must-analysis of its blocks to a
// fixed point, then one more pass that records what happens under the final
// states.
func analyze(r *Result, fn *ssa.Function, light bool) *Summary {
	f := &flow{r: r, fn: fn, sum: &Summary{Fn: fn}, deferred: Set{}, spawnBudget: maxAccesses, light: light,
		loadedUnder: map[*ssa.UnOp]Set{}}
	if fn.Blocks == nil {
		f.sum.Returns = true // a function without a body is assumed to return
		return f.sum
	}
	f.cyclic = cyclicBlocks(fn)
	f.always = alwaysBlocks(fn)
	in := make([]*state, len(fn.Blocks))
	in[0] = &state{locks: f.handedIn(), waits: Set{}}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if in[b.Index] == nil {
				continue
			}
			out, ok := f.block(b, *in[b.Index])
			if !ok {
				continue
			}
			for _, succ := range liveSuccs(b) {
				m := meetState(in[succ.Index], flagEdge(b, succ, out))
				if !equalState(m, in[succ.Index]) {
					in[succ.Index], changed = m, true
				}
			}
		}
	}
	if light {
		f.finish()
		return f.sum
	}
	f.record = true
	for _, b := range fn.Blocks {
		if in[b.Index] != nil {
			f.block(b, *in[b.Index])
		}
	}
	if fn.Recover != nil && in[fn.Recover.Index] == nil {
		f.block(fn.Recover, state{locks: Set{}, waits: Set{}})
	}
	f.finish()
	return f.sum
}

func (f *flow) finish() {
	if f.exit != nil {
		f.sum.Returns = true
		f.sum.Exit, f.sum.ExitWaits = f.exit.locks, f.exit.waits
		f.releaseHanded()
		f.deferredWaits()
	}
}

// deferredWaits gives what a deferred call does the waits of the returns
// it runs at: whatever the function waited on on every path to a normal
// return comes before it. (After a panic the deferred calls run wherever
// it struck; a program that recovers from one is past its protocol.)
func (f *flow) deferredWaits() {
	if !f.record || f.normalExit == nil || len(f.normalExit.waits) == 0 {
		return
	}
	waits := f.normalExit.waits
	for _, a := range f.sum.Accesses {
		if _, ok := a.Instr.(*ssa.Defer); ok {
			a.Waits = union(a.Waits, waits)
		}
	}
	for _, s := range f.sum.Syncs {
		if _, ok := s.Instr.(*ssa.Defer); ok {
			s.Waits = union(s.Waits, waits)
		}
	}
}

// callee returns the summary a call of body uses: light in a light analysis.
func (f *flow) callee(body *ssa.Function) *Summary {
	if f.light {
		return f.r.effect(body)
	}
	return f.r.summary(body)
}

// block runs the instructions of b from st; ok is false when b cannot reach
// its end (a call that never returns, a panic).
func (f *flow) block(b *ssa.BasicBlock, st state) (state, bool) {
	for _, instr := range b.Instrs {
		if f.record {
			f.current = instr
			f.accesses(instr, st)
		}
		var ok bool
		if st, ok = f.instr(instr, st); !ok {
			return st, false
		}
	}
	return st, true
}

// instr applies one instruction to st.
func (f *flow) instr(instr ssa.Instruction, st state) (state, bool) {
	switch in := instr.(type) {
	case *ssa.Call:
		return f.call(in, st)
	case *ssa.Defer:
		f.deferCall(in, st)
	case *ssa.Go:
		f.spawn(in, in.Common(), st, nil)
	case *ssa.Send:
		f.syncOp(Send, in.Chan, instr, st)
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			f.syncOp(Recv, in.X, instr, st)
			st = f.waited(pathOf(in.X), st)
		}
	case *ssa.Select:
		for _, s := range in.States {
			op := Recv
			if s.Dir == types.SendOnly {
				op = Send
			}
			f.syncOp(op, s.Chan, instr, st)
		}
	case *ssa.Return:
		f.returns(in, st)
	case *ssa.Panic:
		return st, false
	}
	return st, true
}

// call applies a call: lock operations, waits, the callee's summary or
// imported effect; ok is false when the callee never returns.
func (f *flow) call(call *ssa.Call, st state) (state, bool) {
	c := call.Common()
	if f.isSpawnCall(call) {
		f.spawnerCall(call, st)
		return st, true
	}
	if c.IsInvoke() {
		if lock, op, _, ok := lockCall(c); ok {
			f.acquire(call, op, lock, st)
			return f.lockOp(op, lock, st), true
		}
		f.callbacks(call, st)
		if impl := f.r.soleImpl(c); impl != nil && f.r.local(impl) {
			args := append([]ssa.Value{c.Value}, c.Args...)
			return f.localCall(call, impl, binder{args: args}, st)
		}
		return st, true
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "close" && len(c.Args) == 1 {
			f.syncOp(Close, c.Args[0], call, st)
		}
		return st, true
	}
	f.callbacks(call, st)
	callee := c.StaticCallee()
	if recv, targets := f.r.boundTargets(c); len(targets) > 0 {
		return f.boundCall(call, recv, targets, st)
	}
	if callee == nil {
		f.paramCall(call, st)
		f.varCall(call, st)
		return st, true
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		if f.r.never.Never(obj) {
			return st, false
		}
		if lock, op, _, ok := lockCall(c); ok {
			f.acquire(call, op, lock, st)
			return f.lockOp(op, lock, st), true
		}
		if isWaitGroup(obj, "Done") && len(c.Args) > 0 {
			f.syncOp(Done, c.Args[0], call, st)
			return st, true
		}
		if isWait(obj) && len(c.Args) > 0 {
			f.syncOp(Wait, c.Args[0], call, st)
			return f.waited(pathOf(c.Args[0]), st), true
		}
		if reader, ok := ks.EndedReader(obj); ok {
			p := Path{Root: Root{Kind: Global, Obj: reader}}
			f.syncAt(Wait, p, call, st)
			return f.waited(p, st), true
		}
		if ks.IsEndedReader(obj) {
			f.syncAt(Done, Path{Root: Root{Kind: Global, Obj: obj}}, call, st)
			return st, true
		}
		if obj.Pkg() != nil && obj.Pkg().Path() == "sync/atomic" && len(c.Args) > 0 {
			f.flagStore(call, obj, st)
		}
		if eff := f.r.importedEffect(obj); eff != nil {
			return f.applyExit(eff, nil, f.binder(c), st), true
		}
	}
	body := bodyOf(callee)
	if body == nil || !f.r.local(body) {
		return st, true
	}
	return f.localCall(call, body, f.binder(c), st)
}

// boundCall applies a call through a function field to each method the
// field may hold, on recv; what follows is what holds after any of them.
func (f *flow) boundCall(call *ssa.Call, recv ssa.Value, targets []*ssa.Function, st state) (state, bool) {
	var out *state
	for _, fn := range targets {
		body := bodyOf(fn)
		if body == nil || !f.r.local(body) {
			return st, true
		}
		args := append([]ssa.Value{recv}, call.Common().Args...)
		if after, ok := f.localCall(call, body, binder{args: args}, st); ok {
			out = meetState(out, after)
		}
	}
	if out == nil {
		return st, false
	}
	return *out, true
}

// localCall applies the summary of a function of the package that call
// runs.
func (f *flow) localCall(call *ssa.Call, body *ssa.Function, bind binder, st state) (state, bool) {
	cs := f.callee(body)
	if f.record {
		f.sum.Calls = append(f.sum.Calls, &Call{Instr: call, Callee: body, Held: st.locks})
		f.inline(cs, call, bind, st, true)
	}
	if !cs.Returns {
		return st, false
	}
	return f.mayWaits(cs.MayWaits, bind, f.applyExit(cs.Exit, cs.ExitWaits, bind, st)), true
}

// mayWaits adds the blocking waits a callee makes on some path: a call
// that can reach a wait on what both sides share may order them (a Stop
// that joins its goroutine only when it is running), so only a call that
// cannot is taken to order nothing.
func (f *flow) mayWaits(waits Set, bind binder, st state) state {
	for p := range waits {
		q, ok := bind.path(p)
		if !ok {
			continue
		}
		f.mayWait(q)
		if st.waits[q] == 0 {
			st.waits = st.waits.with(q, Shared)
		}
	}
	return st
}

// acquire records a Lock or RLock call, and a relock when the lock is
// already held.
func (f *flow) acquire(call *ssa.Call, op ks.LockOp, lock Path, st state) {
	if !f.record || op == ks.Release {
		return
	}
	mode := Exclusive
	if op == ks.AcquireRead {
		mode = Shared
	}
	chain := &Chain{Instr: call}
	f.sum.Acquires = append(f.sum.Acquires, &Acquire{
		Path: lock, Mode: mode, Pos: call.Pos(), Held: st.locks, Chain: chain, Always: f.always[call.Block()],
	})
	if held := st.locks[lock]; held > 0 {
		f.sum.Relocks = append(f.sum.Relocks, &Relock{Lock: lock, Held: held, Mode: mode, Pos: call.Pos(), Chain: chain})
	}
}

// lockOp applies an acquire or release of lock.
func (f *flow) lockOp(op ks.LockOp, lock Path, st state) state {
	switch op {
	case ks.Acquire:
		st.locks = st.locks.with(lock, Exclusive)
	case ks.AcquireRead:
		st.locks = st.locks.with(lock, Shared)
	case ks.Release:
		// A released lock is a synchronization the code has passed:
		// what others wrote under it before is visible from here on.
		st.waits = st.waits.with(lock, Exclusive)
		if st.locks[lock] > 0 && f.handed[lock] == 0 {
			st.locks = st.locks.without(lock)
		} else {
			st.locks = st.locks.with(lock, Released) // the caller's lock
		}
	}
	return st
}

// applyExit applies a callee's exit state, translated by bind.
func (f *flow) applyExit(exit, waits Set, bind binder, st state) state {
	for p, m := range exit {
		q, ok := bind.path(p)
		if !ok {
			continue
		}
		switch {
		case m == Released:
			st = f.lockOp(ks.Release, q, st)
		case m > 0:
			st.locks = st.locks.with(q, m)
		}
	}
	for p := range waits {
		if q, ok := bind.path(p); ok && st.waits[q] == 0 {
			st.waits = st.waits.with(q, Shared) // waited on in a callee
		}
	}
	return st
}

// deferCall remembers a deferred unlock, which releases at return, and
// records a deferred call's accesses as made under the locks of the defer.
func (f *flow) deferCall(d *ssa.Defer, st state) {
	c := d.Common()
	if lock, op, _, ok := lockCall(c); ok && op == ks.Release {
		f.deferred[lock] = Released
		return
	}
	if c.IsInvoke() {
		return
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "close" && len(c.Args) == 1 {
			f.syncOp(Close, c.Args[0], d, st) // at return, but a sync all the same
		}
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		return
	}
	if obj, ok := callee.Object().(*types.Func); ok && len(c.Args) > 0 && isWaitGroup(obj, "Done") {
		f.syncOp(Done, c.Args[0], d, st)
		return
	}
	body := bodyOf(callee)
	if body == nil || !f.r.local(body) {
		return
	}
	cs := f.callee(body)
	bind := f.binder(c)
	for p, m := range cs.Exit {
		if q, ok := bind.path(p); ok && m == Released {
			f.deferred[q] = Released // a deferred unlock helper: defer cr.unlock()
		}
	}
	if f.record {
		f.inline(cs, d, bind, st, false)
	}
}

// returns folds the state at a return into the function's exit state, with
// the deferred unlocks applied.
func (f *flow) returns(ret *ssa.Return, st state) {
	for lock := range f.deferred {
		st = f.lockOp(ks.Release, lock, st)
	}
	f.exit = meetState(f.exit, st)
	if ret.Block() != f.fn.Recover {
		f.normalExit = meetState(f.normalExit, st)
	}
	if f.record {
		f.sum.Returned = append(f.sum.Returned, &Return{Ret: ret, Held: st.locks})
	}
}

func (f *flow) syncOp(op SyncOp, v ssa.Value, instr ssa.Instruction, st state) {
	f.syncAt(op, pathOf(v), instr, st)
}

// waited applies a blocking wait on p: a receive, a group's Wait, a call
// that ends a reader. A caller counts it among the callee's MayWaits.
func (f *flow) waited(p Path, st state) state {
	f.mayWait(p)
	st.waits = st.waits.with(p, Exclusive)
	return st
}

func (f *flow) mayWait(p Path) {
	if p.Root.Kind != Local && f.sum.MayWaits[p] == 0 {
		f.sum.MayWaits = f.sum.MayWaits.with(p, Exclusive)
	}
}

func (f *flow) syncAt(op SyncOp, p Path, instr ssa.Instruction, st state) {
	if !f.record {
		return
	}
	_, inSelect := instr.(*ssa.Select)
	_, deferred := instr.(*ssa.Defer)
	f.current = instr
	f.sum.Syncs = append(f.sum.Syncs, &Sync{
		Op: op, Path: p, Pos: instr.Pos(), Instr: instr, Chain: &Chain{Instr: instr}, Held: st.locks, Waits: st.waits,
		Blocking: !inSelect && !deferred && op != Close && op != Done && op != Publish, Deferred: deferred,
		Checked: f.guardedByState(p),
	})
}

// isSpawnCall reports whether call is a spawner call (errgroup.Go, a
// wrapper with a SpawnsArg fact) that passes/concurrency found.
func (f *flow) isSpawnCall(call *ssa.Call) bool {
	s := f.r.spawnAt[call.Pos()]
	return s != nil && s.Kind != kc.SpawnGo
}

func (f *flow) spawnerCall(call *ssa.Call, st state) {
	c := call.Common()
	callee := c.StaticCallee()
	if callee == nil {
		return
	}
	obj, _ := callee.Object().(*types.Func)
	arg := spawnerArg(f.r.spawnAt[call.Pos()], obj)
	if arg < 0 || arg >= len(c.Args) {
		return
	}
	f.spawn(call, nil, st, c.Args[arg])
}

// spawnerArg is the index in SSA's arguments (receiver first) of the function
// a spawner runs.
func spawnerArg(s *concurrency.Spawn, obj *types.Func) int {
	if s == nil || obj == nil {
		return -1
	}
	for i, a := range s.Call.Args {
		if a == s.Fun() {
			if obj.Signature().Recv() != nil {
				return i + 1
			}
			return i
		}
	}
	return -1
}

func isLocker(m *types.Func) bool {
	return m != nil && ks.LockOpOf(m) != ks.NoLockOp
}

// lockCall returns the lock a call takes or releases, the operation, and
// the method's name.
func lockCall(c *ssa.CallCommon) (Path, ks.LockOp, string, bool) {
	if c.IsInvoke() {
		if isLocker(c.Method) {
			return pathOf(c.Value), ks.LockOpOf(c.Method), c.Method.Name(), true
		}
		return Path{}, ks.NoLockOp, "", false
	}
	callee := c.StaticCallee()
	if callee == nil || len(c.Args) == 0 {
		return Path{}, ks.NoLockOp, "", false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || !isLocker(obj) {
		return Path{}, ks.NoLockOp, "", false
	}
	return pathOf(c.Args[0]), ks.LockOpOf(obj), obj.Name(), true
}

func isWaitGroup(fn *types.Func, name string) bool { return ks.IsWaitGroup(fn, name) }

// isWait reports whether fn waits for a group of goroutines.
func isWait(fn *types.Func) bool {
	return fn.Name() == "Wait" && ks.IsSyncPoint(fn) && fn.Signature().Recv() != nil && !isCond(fn)
}

func isCond(fn *types.Func) bool {
	r := fn.Signature().Recv()
	return r != nil && typeName(r.Type()) == "Cond"
}

func typeName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// bodyOf returns the function whose body a call runs: the generic origin of
// an instantiation built without a body.
func bodyOf(fn *ssa.Function) *ssa.Function {
	if fn.Blocks == nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	if fn.Blocks == nil {
		return nil
	}
	return fn
}

// local reports whether fn is the package's own code (or a wrapper the SSA
// builder made for it), whose summary can be computed. An instantiation
// wrapper is its generic origin's: slices.SortFunc[...] is the library's,
// whose callbacks run during the call, not a helper of the package that
// only passes them on.
func (r *Result) local(fn *ssa.Function) bool {
	if fn.Pkg == r.ssa.Pkg {
		return true
	}
	if fn.Synthetic == "" || fn.Pkg != nil {
		return false
	}
	if o := fn.Origin(); o != nil && o != fn {
		return o.Pkg == r.ssa.Pkg
	}
	return true
}

// cyclicBlocks returns the blocks that lie on a cycle of the CFG: those of a
// strongly connected component with more than one block or a self-loop
// (Tarjan's algorithm).
func cyclicBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	out := map[*ssa.BasicBlock]bool{}
	index := make([]int, len(fn.Blocks))
	low := make([]int, len(fn.Blocks))
	onStack := make([]bool, len(fn.Blocks))
	var stack []*ssa.BasicBlock
	next := 1
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		index[b.Index], low[b.Index] = next, next
		next++
		stack = append(stack, b)
		onStack[b.Index] = true
		for _, s := range b.Succs {
			if index[s.Index] == 0 {
				visit(s)
				low[b.Index] = min(low[b.Index], low[s.Index])
			} else if onStack[s.Index] {
				low[b.Index] = min(low[b.Index], index[s.Index])
			}
		}
		if low[b.Index] != index[b.Index] {
			return
		}
		var scc []*ssa.BasicBlock
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[top.Index] = false
			scc = append(scc, top)
			if top == b {
				break
			}
		}
		for _, m := range scc {
			if len(scc) > 1 || slices.Contains(m.Succs, m) {
				out[m] = true
			}
		}
	}
	for _, b := range fn.Blocks {
		if index[b.Index] == 0 {
			visit(b)
		}
	}
	return out
}

// callbacks brings in the closures a call receives as arguments. A
// function of the package runs its function parameter where its summary
// says, under the locks it holds there (s.withLock(func() {...})), or not
// during the call at all; a library function (sort.Slice, sync.Map.Range)
// is taken to run it during the call under the caller's locks. A closure
// that is a framework entry point runs later, on its own; one given to
// sync.Once.Do is initialization, ordered before every other Do returns.
func (f *flow) callbacks(call *ssa.Call, st state) {
	if !f.record {
		return
	}
	c := call.Common()
	callee := c.StaticCallee()
	if callee == nil {
		return // a function value or interface method: when it runs the callback is unknown
	}
	var local *Summary
	{
		if obj, ok := callee.Object().(*types.Func); ok && isOnceDo(obj) {
			f.onceCallback(call, st)
			return
		}
		if body := bodyOf(callee); body != nil && f.r.local(body) {
			local = f.r.summary(body)
		}
	}
	for i, arg := range c.Args {
		mc, ok := arg.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok || f.r.handler(fn) {
			continue
		}
		body := bodyOf(fn)
		if body == nil || !f.r.local(body) || body == f.fn {
			continue
		}
		at := st
		if local != nil {
			held, calls := local.ParamCalls[i]
			if !calls {
				continue // stored or passed on, not run during the call
			}
			at.locks = union(st.locks, f.binder(c).set(held))
		}
		f.inline(f.r.summary(body), call, binder{free: mc.Bindings}, at, false)
	}
}

// onceCallback adds the goroutines and channel operations of the function
// a sync.Once.Do call runs (closeOnce.Do(func() { close(s.done) }),
// startOnce.Do(func() { go s.loop() })): they happen during the call, the
// first time. Its memory accesses stay out: they initialize, once, under
// the Once.
func (f *flow) onceCallback(call *ssa.Call, st state) {
	c := call.Common()
	if len(c.Args) != 2 {
		return
	}
	body, bind := funcValue(c.Args[1])
	if body == nil {
		return
	}
	if body = bodyOf(body); body == nil || !f.r.local(body) || body == f.fn {
		return
	}
	s := f.r.summary(body)
	f.inline(&Summary{Fn: s.Fn, Spawns: s.Spawns, Syncs: s.Syncs}, call, bind, st, false)
}

// isOnceDo reports whether fn is sync.Once.Do, or the Do of another
// package's Once type (go-redis's internal.Once, which also returns the
// function's error): they run the function at most once, as
// initialization.
func isOnceDo(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return fn.Name() == "Do" && recv != nil && typeName(recv.Type()) == "Once"
}

// OnceField returns the field of the sync.Once (or Once-like) value whose
// Do call on chain starts what the chain ends in, or nil.
func OnceField(chain *Chain) *types.Var {
	for c := chain; c != nil; c = c.Next {
		call, ok := c.Instr.(*ssa.Call)
		if !ok {
			continue
		}
		callee := call.Common().StaticCallee()
		if callee == nil || len(call.Common().Args) == 0 {
			continue
		}
		if obj, ok := callee.Object().(*types.Func); ok && isOnceDo(obj) {
			return pathOf(call.Common().Args[0]).Last
		}
	}
	return nil
}

// paramCall records a call of one of the function's own parameters, and
// the locks held there: where a callback it is given runs.
func (f *flow) paramCall(call *ssa.Call, st state) {
	p, ok := call.Common().Value.(*ssa.Parameter)
	if !ok || !f.record {
		return
	}
	i := paramIndex(p)
	if f.sum.ParamCalls == nil {
		f.sum.ParamCalls = map[int]Set{}
	}
	if held, seen := f.sum.ParamCalls[i]; seen {
		f.sum.ParamCalls[i] = meet(held, st.locks)
	} else {
		f.sum.ParamCalls[i] = st.locks
	}
}

// alwaysBlocks returns the blocks that dominate every block that returns.
func alwaysBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if b == fn.Recover || b.Index != 0 && len(b.Preds) == 0 {
			continue // reached by a panic, or not at all
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, b)
		}
	}
	out := map[*ssa.BasicBlock]bool{}
	if len(rets) == 0 {
		return out
	}
	for _, b := range fn.Blocks {
		all := true
		for _, r := range rets {
			if !b.Dominates(r) {
				all = false
				break
			}
		}
		out[b] = all
	}
	return out
}

// liveSuccs returns the successors of b that can run: both, but for a
// branch on a constant (if debugGetPut, with the constant false).
func liveSuccs(b *ssa.BasicBlock) []*ssa.BasicBlock {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return b.Succs
	}
	c, ok := iff.Cond.(*ssa.Const)
	if !ok || c.Value == nil {
		return b.Succs
	}
	if constant.BoolVal(c.Value) {
		return b.Succs[:1]
	}
	return b.Succs[1:]
}
