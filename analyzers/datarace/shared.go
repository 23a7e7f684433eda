package datarace

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// occ is one context's access.
type occ = lockset.Occurrence

// guardedSites reports accesses to a guarded field made without its lock
// where another access, under the lock or not, may run at the same time
// and one of the two writes. A guard is annotated (//msvclint:guardedby) or
// inferred by passes/lockset; a type whose lock guards a field is shared, so
// its exported methods may run concurrently with each other, as with
// goroutines and handlers.
func (c *checker) guardedSites(generated func(token.Pos) bool) {
	sites := c.ls.Sites()
	for _, field := range sortedFields(sites) {
		g := c.ls.Guard(field)
		if g == nil {
			continue
		}
		seen := map[*ssa.Function]bool{} // one finding per field and function
		for _, s := range sites[field] {
			if generated(s.Pos) || holds(s.Held, g.Key, s.Kind) || !throughVia(s, g) {
				continue
			}
			o, p, ok := c.unguardedPair(s, sites[field], g)
			if !ok || seen[o.Access.Fn] {
				continue
			}
			seen[o.Access.Fn] = true
			c.reportGuarded(s, o, p, g)
		}
	}
	c.annotatedSites(generated)
}

// annotatedSites reports the accesses of an annotated field, in this
// package's functions, that hold neither its lock nor, through every
// caller, a lock of the same field: the annotation is a contract, so no
// concurrent partner is needed.
func (c *checker) annotatedSites(generated func(token.Pos) bool) {
	inContext := map[token.Pos]bool{}
	for _, sites := range c.ls.Sites() {
		for _, s := range sites {
			inContext[s.Pos] = true
		}
	}
	for _, fn := range c.ssa.SrcFuncs {
		for _, a := range c.ls.Summary(fn).Accesses {
			if a.Depth > 0 || inContext[a.Pos] || generated(a.Pos) || !c.ls.Countable(a) {
				continue
			}
			g := c.ls.Guard(a.Field)
			if g == nil || g.Inferred || holds(lockset.Keys(a), g.Key, a.Kind) || holdsVar(a, g.LockVar, a.Kind) || c.calledLocked(fn) {
				continue
			}
			s := &lockset.Site{Pos: a.Pos, Kind: a.Kind, Field: a.Field}
			c.reportGuarded(s, occ{Access: a}, occ{}, g)
		}
	}
}

// calledLocked reports whether every call of fn in the package holds some
// lock: a helper its callers lock for.
func (c *checker) calledLocked(fn *ssa.Function) bool {
	called := false
	for _, caller := range c.ssa.SrcFuncs {
		for _, call := range c.ls.Summary(caller).Calls {
			if call.Callee != fn {
				continue
			}
			if !call.Held.Any() {
				return false
			}
			called = true
		}
	}
	return called
}

// holds reports whether keys hold key. A write under the read lock holds it
// too, here: whether readers may run beside it is readLockWrites' question.
func holds(keys map[lockset.LockKey]lockset.Mode, key lockset.LockKey, _ lockset.Kind) bool {
	return keys[key] > 0
}

// unguardedPair finds an occurrence of s without the guard and a conflicting
// access that may run at the same time with no lock in common.
func (c *checker) unguardedPair(s *lockset.Site, all []*lockset.Site, g *lockset.Guard) (occ, occ, bool) {
	lazy := lazilyInitialized(all, g)
	// Contents written under the lock change after any initialization: a
	// read of them after a call took and released the lock sees one state
	// of many, and races with the next write (ListPids ranging over the
	// processes map that Exec fills).
	settled := s.Kind != lockset.ContentRead || !contentWritten(all)
	for _, o := range s.Occ {
		if !g.Inferred && !holds(lockset.Keys(o.Access), g.Key, s.Kind) && !holdsVar(o.Access, g.LockVar, s.Kind) && !c.sequentialTest(o) {
			return o, occ{}, true // a contract: no partner needed
		}
		if holds(lockset.Keys(o.Access), g.Key, s.Kind) || holdsVar(o.Access, g.LockVar, s.Kind) ||
			!s.Kind.IsWrite() && settled && passedGuard(o.Access, g, lazy) || c.sequentialTest(o) || lockedHelper(o, s, g) {
			continue
		}
		for _, t := range partnersFirst(all, g) {
			if !throughVia(t, g) {
				continue
			}
			for _, p := range t.Occ {
				if !strong(g) {
					continue
				}
				// A read beside a lazy initialization made under the
				// guard: readers come after the initializing call.
				if !o.Access.Kind.IsWrite() && p.Access.Init && len(lockset.Keys(p.Access)) > 0 {
					continue
				}
				if conflict(o.Access, p.Access) && (c.concurrent(o, p) || nextCall(o, p, g) || nextCall(p, o, g)) && !sharesLock(o.Access, p.Access) {
					return o, p, true
				}
			}
		}
	}
	return occ{}, occ{}, false
}

// contentWritten reports whether some site writes the contents of the
// field's map or slice.
func contentWritten(all []*lockset.Site) bool {
	for _, s := range all {
		if s.Kind == lockset.ContentWrite {
			return true
		}
	}
	return false
}

// throughVia reports whether a site reaches the field through the guard's
// Via field, when it has one.
func throughVia(s *lockset.Site, g *lockset.Guard) bool {
	return g.Via == "" || len(s.Occ) > 0 && lockset.ParentStep(s.Occ[0].Access.Path) == g.Via
}

// lockedHelper reports whether o is made by an exported function on an
// object it is passed (not its receiver), where every other way the
// package's own code reaches the same access holds the guard: the lock is
// the package's, so the function is a helper its callers lock for
// (Authorize(broker) run by the broker's connect goroutine), not an entry
// point of its own.
func lockedHelper(o occ, s *lockset.Site, g *lockset.Guard) bool {
	fn := o.Ctx.Fn
	if o.Ctx.Kind != lockset.Exported || o.Access.Path.Root.Kind != lockset.Param {
		return false
	}
	if fn.Signature.Recv() != nil && o.Access.Path.Root.Index == 0 {
		return false
	}
	others := 0
	for _, p := range s.Occ {
		if p.Ctx == o.Ctx {
			continue
		}
		if !holds(lockset.Keys(p.Access), g.Key, s.Kind) && !holdsVar(p.Access, g.LockVar, s.Kind) {
			return false
		}
		others++
	}
	return others > 0
}

// nextCall reports whether x, made under the guard by an exported method
// or handler, may run beside goroutine y that an earlier call of the same
// method started and did not wait for: the code before the go statement is
// ordered before this call's goroutine only (Monitor loading a key's values
// while the watcher an earlier Monitor started reads them). The lock x
// takes says its author expects company.
func nextCall(x, y occ, g *lockset.Guard) bool {
	gy := y.Ctx
	if gy.Kind != lockset.Goroutine || gy.Spawn.Joined || x.Ctx != gy.Parent || !concurrentRoot(x.Ctx) {
		return false
	}
	if lockset.RecvNamed(x.Ctx.Fn) == nil && x.Access.Path.Root.Kind != lockset.Global {
		return false
	}
	return holds(lockset.Keys(x.Access), g.Key, x.Access.Kind)
}

// strong reports whether a guard is annotated or held at half the sites or
// more. A guard held at a minority of sites is as often incidental (the
// field read inside a critical section for other fields) as it is a
// discipline with lapses; the std and service code read for precision
// showed more of the first.
func strong(g *lockset.Guard) bool {
	return !g.Inferred || 2*g.Locked >= g.Total
}

// partnersFirst orders the sites so that writes under the guard come first:
// they are the clearest other side of a race to show.
func partnersFirst(all []*lockset.Site, g *lockset.Guard) []*lockset.Site {
	out := append([]*lockset.Site(nil), g.LockedWriteSet...)
	for _, s := range all {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// sequentialTest reports whether o is in a test's own code, not in a
// goroutine it starts: tests drive their objects one call at a time and
// read their state after the concurrent part is over.
func (c *checker) sequentialTest(o occ) bool {
	return o.Ctx.Kind == lockset.Test || c.inTestFilePos(o.Access.Pos) && o.Ctx.Kind != lockset.Goroutine
}

// conflict reports whether two accesses to one field conflict: one writes
// the field, or both touch a map's contents and one writes them. Writes to
// a slice's elements may be to different elements and do not count.
func conflict(a, b *lockset.Access) bool {
	if a.Kind == lockset.Write || b.Kind == lockset.Write {
		return true
	}
	content := func(x *lockset.Access) bool {
		return x.Kind == lockset.ContentRead || x.Kind == lockset.ContentWrite
	}
	return content(a) && content(b) && a.Map && b.Map && (a.Kind == lockset.ContentWrite || b.Kind == lockset.ContentWrite)
}

// sharesLock reports whether a and b hold a lock that excludes the other:
// the same lock of the memory they access, or the same mutex field of
// objects the analysis cannot tell apart.
func sharesLock(a, b *lockset.Access) bool {
	kb := lockset.Keys(b)
	for k, m := range lockset.Keys(a) {
		if n, ok := kb[k]; ok && (m == lockset.Exclusive || n == lockset.Exclusive) {
			return true
		}
	}
	for la, m := range a.Held {
		if la.Last == nil || m <= 0 {
			continue
		}
		for lb, n := range b.Held {
			if lb.Last == la.Last && n > 0 && (m == lockset.Exclusive || n == lockset.Exclusive) {
				return true
			}
		}
	}
	return false
}

// lazilyInitialized reports whether every write of the field made under
// its guard is a lazy initialization (made after testing the object's
// state): only then are reads after taking and releasing the guard ordered
// after the last write.
func lazilyInitialized(all []*lockset.Site, g *lockset.Guard) bool {
	for _, s := range all {
		if !s.Kind.IsWrite() {
			continue
		}
		for _, o := range s.Occ {
			if len(lockset.Keys(o.Access)) > 0 && !o.Access.Init {
				return false
			}
		}
	}
	return true
}

// passedGuard reports whether a read comes after a call that took and
// released the guard (a lazily initialized field read after the
// initializing call), or after the function itself did so when every
// locked write is a lazy initialization: the writes made under the lock
// before are visible to it.
func passedGuard(a *lockset.Access, g *lockset.Guard, lazy bool) bool {
	for w, how := range a.Waits {
		// A function that unlocks and then reads is the classic critical
		// section cut short; calling a helper that takes and releases the
		// lock (parsePclnTab, abortPendingRead) is a protocol step.
		if how == lockset.Exclusive && !lazy {
			continue
		}
		if k, ok := lockset.RelLock(a.Path, w); ok && k == g.Key || g.LockVar != nil && w.Last == g.LockVar {
			return true
		}
	}
	return false
}

// holdsVar reports whether a holds the mutex field v of some object, in the
// mode an access of kind needs.
func holdsVar(a *lockset.Access, v *types.Var, kind lockset.Kind) bool {
	if v == nil {
		return false
	}
	for lock, m := range a.Held {
		if lock.Last == v && m > 0 {
			return true
		}
	}
	return false
}

// concurrent reports whether the code of two occurrences may run at the
// same time.
func (c *checker) concurrent(x, y occ) bool {
	if testApart(x, y) || c.unshared(x, y) || c.unshared(y, x) || onceApart(x.Ctx, y.Ctx) {
		return false
	}
	if sameThread(x.Ctx, y.Ctx) {
		return x.Ctx.Self && !ownObject(x, y)
	}
	if flagOrdered(x, y) || flagOrdered(y, x) {
		return false
	}
	gx, gy := x.Ctx.Kind == lockset.Goroutine, y.Ctx.Kind == lockset.Goroutine
	if !gx && !gy {
		return concurrentRoot(x.Ctx) && concurrentRoot(y.Ctx)
	}
	return !c.ordered(x, y) && !c.ordered(y, x)
}

// onceApart reports whether two goroutines are started under Do calls of
// the same Once field (Channel and ChannelWithSubscriptions sharing
// chOnce): only one of those functions ever runs, so only one of the
// goroutines exists.
func onceApart(a, b *lockset.Context) bool {
	if a.Kind != lockset.Goroutine || b.Kind != lockset.Goroutine {
		return false
	}
	f := lockset.OnceField(a.Spawn.Chain)
	return f != nil && f == lockset.OnceField(b.Spawn.Chain)
}

// unshared reports whether x is made by code on an object it has just
// made, which nobody but the goroutines it starts on it can reach yet, and
// y is no such goroutine.
func (c *checker) unshared(x, y occ) bool {
	if x.Ctx.Kind == lockset.Goroutine || !c.ls.FreshAt(x.Access) {
		return false
	}
	return y.Ctx.Kind != lockset.Goroutine || y.Ctx.Parent != x.Ctx
}

// flagOrdered reports whether x runs only after loading, set, an atomic
// flag that y's code sets after y: the flag's store publishes y's write
// (c.isHandshakeComplete.Store(true) at the end of the handshake, checked
// by every method that reads what the handshake wrote).
func flagOrdered(x, y occ) bool {
	sameRoots := lockset.SameRoots(x.Ctx, y.Ctx)
	for w := range x.Access.Waits {
		for _, s := range y.Ctx.Syncs {
			// A flag publishes only what was written before it is set.
			if s.Op == lockset.Publish && lockset.Before(y.Access.Chain, s.Chain) && syncMatches(sameRoots, s.Path, w) {
				return true
			}
		}
	}
	return false
}

// syncMatches reports whether a signal on s ends a wait on w. Under other
// roots, the same channel, WaitGroup or flag field (Broker.done) counts:
// the race pairs are matched by field too.
func syncMatches(sameRoots bool, s, w lockset.Path) bool {
	if sameRoots || w.Root.Kind == lockset.Global {
		return lockset.SamePlace(s, w) // a package variable is one place from any root
	}
	if w.Last == nil {
		return false
	}
	// A constructor's goroutine closes the channel it stored in the field.
	for _, a := range lockset.Aliases(s) {
		if a.Last == w.Last {
			return true
		}
	}
	return false
}

// testApart reports whether one of x and y runs under a test and the other
// under another root, on memory that is not a package variable's: a test's
// objects are its own, and whatever the package does with them on the
// test's behalf is in the test's context already. Tests run one at a time,
// and parallel subtests are parallel.go's.
func testApart(x, y occ) bool {
	rx, ry := rootCtx(x.Ctx), rootCtx(y.Ctx)
	if rx == ry || rx.Kind != lockset.Test && ry.Kind != lockset.Test {
		return false
	}
	return x.Access.Path.Root.Kind != lockset.Global && y.Access.Path.Root.Kind != lockset.Global
}

func rootCtx(ctx *lockset.Context) *lockset.Context {
	for ctx.Kind == lockset.Goroutine && ctx.Parent != nil {
		ctx = ctx.Parent
	}
	return ctx
}

// ownObject reports whether two accesses of one goroutine's code touch an
// object that each start of the goroutine allocates for itself, so that
// copies of the goroutine started in a loop never share it.
func ownObject(x, y occ) bool {
	return lockset.FreshPerStart(x.Ctx, x.Access.Path) && lockset.FreshPerStart(y.Ctx, y.Access.Path)
}

func sameThread(a, b *lockset.Context) bool {
	if a == b {
		return true
	}
	return a.Kind == lockset.Goroutine && b.Kind == lockset.Goroutine && a.Spawn.Pos == b.Spawn.Pos && a.Fn == b.Fn
}

// concurrentRoot reports whether a context's callers may run it while
// others run: exported API and handlers; not tests, main, or functions
// passed as values, which run when the package says.
func concurrentRoot(ctx *lockset.Context) bool {
	return ctx.Kind == lockset.Exported || ctx.Kind == lockset.Handler
}

// ordered reports whether x certainly happens before goroutine y starts or
// after it signals its end: x precedes the go statement in the code that
// starts y, or x waits on a channel or WaitGroup that y closes, sends on or
// marks done.
func (c *checker) ordered(x, y occ) bool {
	gy := y.Ctx
	if gy.Kind != lockset.Goroutine {
		return false
	}
	if x.Ctx == gy.Parent && lockset.Before(x.Access.Chain, gy.Spawn.Chain) {
		return true
	}
	if x.Ctx == gy.Parent && gy.Spawn.Joined && lockset.Before(gy.Spawn.Chain, x.Access.Chain) {
		return true // the spawner returned after the goroutine ended
	}
	if c.startsBefore(x, gy) || startedAfter(x, gy) {
		return true
	}
	if c.countedByStarter(x, gy) {
		return true
	}
	sameRoots := lockset.SameRoots(x.Ctx, gy.Parent)
	for w := range x.Access.Waits {
		for _, s := range gy.Syncs {
			// Atomic flags (Publish) are flagOrdered's, which concurrent
			// asks first.
			if s.Op != lockset.Close && s.Op != lockset.Send && s.Op != lockset.Done {
				continue
			}
			if syncMatches(sameRoots, s.Path, w) {
				return true
			}
		}
	}
	return false
}

// countedByStarter reports whether x waits on a WaitGroup field that the
// code starting goroutine gy marks done: the starter counts the work it
// hands to its goroutines in flight (sarama's producer inFlight), and the
// wait is for all of it.
func (c *checker) countedByStarter(x occ, gy *lockset.Context) bool {
	st := c.starter(gy)
	if st == nil {
		return false
	}
	for w := range x.Access.Waits {
		if w.Last == nil || !typesutil.IsNamed(w.Last.Type(), "sync", "WaitGroup") {
			continue
		}
		for _, s := range st.Syncs {
			if s.Op == lockset.Done && s.Path.Last == w.Last {
				return true
			}
		}
	}
	return false
}

// starter is the context whose code runs gy's go statement: the goroutine
// of the same root whose own start begins gy's start chain, or the root.
func (c *checker) starter(gy *lockset.Context) *lockset.Context {
	if st, ok := c.starters[gy]; ok {
		return st
	}
	if c.contexts == nil {
		c.contexts = c.ls.Contexts()
	}
	best, depth := gy.Parent, 0
	for _, ctx := range c.contexts {
		if ctx.Kind != lockset.Goroutine || ctx == gy || ctx.Parent != gy.Parent {
			continue
		}
		if n := chainPrefix(ctx.Spawn.Chain, gy.Spawn.Chain); n > depth {
			best, depth = ctx, n
		}
	}
	if c.starters == nil {
		c.starters = map[*lockset.Context]*lockset.Context{}
	}
	c.starters[gy] = best
	return best
}

// chainPrefix is the length of a when it is a proper prefix of b, else 0.
func chainPrefix(a, b *lockset.Chain) int {
	n := 0
	for ; a != nil; a, b = a.Next, b.Next {
		if b == nil || a.Instr != b.Instr {
			return 0
		}
		n++
	}
	if b == nil {
		return 0
	}
	return n
}

// startedAfter reports whether goroutine gy is started by x's goroutine
// after x: the go statement orders x before all of gy.
func startedAfter(x occ, gy *lockset.Context) bool {
	gx := x.Ctx
	if gx.Kind != lockset.Goroutine || gx == gy || gx.Parent != gy.Parent {
		return false
	}
	a, b := gx.Spawn.Chain, gy.Spawn.Chain
	for ; a != nil; a, b = a.Next, b.Next {
		if b == nil || a.Instr != b.Instr {
			return false
		}
	}
	return b != nil && lockset.Before(x.Access.Chain, gy.Spawn.Chain)
}

// startsBefore reports whether x's context starts the same goroutine as gy
// itself, after x: a second way to start the same work (Start and
// StartTLS), whose accesses before its own start are its setup.
func (c *checker) startsBefore(x occ, gy *lockset.Context) bool {
	if x.Ctx.Kind == lockset.Goroutine || gy.Parent == x.Ctx {
		return false // its own goroutines' order is ordered's first question
	}
	for _, sp := range c.ls.Summary(x.Ctx.Fn).Spawns {
		if sp.Pos == gy.Spawn.Pos && lockset.Before(x.Access.Chain, sp.Chain) {
			return true
		}
	}
	return false
}

func (c *checker) reportGuarded(s *lockset.Site, o, p occ, g *lockset.Guard) {
	name := c.names.expr(s.Pos, s.Field)
	lock := c.names.lock(s.Pos, s.Field, g.Key)
	verb := "read"
	if s.Kind.IsWrite() {
		verb = "written"
	}
	why := "annotated //msvclint:guardedby " + strings.TrimPrefix(g.Key.Steps, ".")
	if g.Inferred {
		why = fmt.Sprintf("%s guards it in %d of %d accesses", lock, g.Locked, g.Total)
	}
	if p.Access == nil {
		c.reportAt(s.Pos, catGuarded, fmt.Sprintf("%s is %s without %s held but %s; lock %s around this access", name, verb, lock, why, lock))
		return
	}
	rel := []analysisRelated{c.relatedPos(p.Access.Pos, c.partnerNote(p))}
	if o.Ctx.Kind == lockset.Goroutine {
		rel = append(rel, c.relatedPos(o.Ctx.Spawn.Pos, "in the goroutine started here"))
	}
	if o.Access.Snapshot {
		c.reportSnapshot(s.Pos,
			fmt.Sprintf("the map %s is taken out under %s here but its contents are read after the lock is released, while %s guards it and %s them at the same time: the map is still the shared one; copy it (maps.Clone) while %s is held",
				name, lock, lock, partnerWhere(p), lock), rel)
		return
	}
	c.reportAt(s.Pos, catGuarded,
		fmt.Sprintf("%s is %s without %s held, but %s and %s it at the same time; lock %s around this access",
			name, verb, lock, why, partnerWhere(p), lock), rel...)
}

// partnerNote describes the other side of a race at its position.
func (c *checker) partnerNote(p occ) string {
	verb := "read"
	if p.Access.Kind.IsWrite() {
		verb = "written"
	}
	if len(lockset.Keys(p.Access)) > 0 {
		return verb + " here with the lock held"
	}
	return verb + " here without a lock"
}

// partnerWhere names the code that runs the other side, as the subject of
// "may read" or "may write".
func partnerWhere(p occ) string {
	verb := "may read"
	if p.Access.Kind.IsWrite() {
		verb = "may write"
	}
	return ctxName(p.Ctx) + " " + verb
}

// ctxName names the code a context runs: the goroutine started in Start,
// the handler H, or the function.
func ctxName(ctx *lockset.Context) string {
	switch ctx.Kind {
	case lockset.Goroutine:
		return "the goroutine started in " + funcName(lockset.RootFn(ctx))
	case lockset.Handler:
		return "the handler " + funcName(ctx.Fn)
	}
	return funcName(ctx.Fn)
}

// funcName names a function as a reader finds it: Type.Method or name.
func funcName(fn *ssa.Function) string {
	if t := lockset.RecvNamed(fn); t != nil {
		return t.Name() + "." + fn.Name()
	}
	if fn.Parent() != nil {
		return "a function literal in " + funcName(fn.Parent())
	}
	return fn.Name()
}

func sortedFields(m map[*types.Var][]*lockset.Site) []*types.Var {
	out := make([]*types.Var, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	return out
}

// goroutineFields reports a field of an object, or a package variable,
// that a goroutine writes while other code of the package reads or writes
// it, or that it reads while other code writes it, with no lock and no
// ordering between the two: the goroutine's starter still runs, and its
// other methods may be called, while the goroutine does. Fields with a
// guard are left to guardedSites.
func (c *checker) goroutineFields(generated func(token.Pos) bool) {
	byField := map[*types.Var][]occ{}
	for _, ctx := range c.ls.Contexts() {
		for _, a := range ctx.Accesses {
			if c.trackable(ctx, a) {
				byField[a.Field] = append(byField[a.Field], occ{Ctx: ctx, Access: a})
			}
		}
	}
	for _, field := range sortedOccFields(byField) {
		if c.ls.Guard(field) != nil {
			continue
		}
		os := byField[field]
		for _, g := range os {
			if g.Ctx.Kind != lockset.Goroutine || generated(g.Access.Pos) {
				continue
			}
			for _, x := range os {
				if c.racesWithGoroutine(g, x) {
					c.reportGoroutineField(g, x)
					break
				}
			}
		}
	}
}

// trackable reports whether a is an access the goroutine rule pairs: on
// the context's receiver or a package variable, not atomic, of a field
// whose type does not synchronize itself.
func (c *checker) trackable(ctx *lockset.Context, a *lockset.Access) bool {
	switch a.Path.Root.Kind {
	case lockset.Global:
	case lockset.Param:
		if a.Path.Root.Index != 0 || lockset.RecvNamed(lockset.RootFn(ctx)) == nil || a.Path.Steps == "" {
			return false
		}
		if strings.Contains(a.Path.Steps, "[]") {
			return false // an element of a slice or map: which one, the path does not say
		}
	default:
		return false
	}
	return !a.Atomic && !c.ls.Fresh(a.Path.Root) && c.ls.Countable(a)
}

// racesWithGoroutine reports whether x, elsewhere, races with g, in a
// goroutine: one writes, both reach the same memory, they may run at the
// same time and hold no lock in common.
func (c *checker) racesWithGoroutine(g, x occ) bool {
	if !conflict(g.Access, x.Access) || g.Access.Path.Steps != x.Access.Path.Steps || g.Access.Path.Root != x.Access.Path.Root && g.Access.Path.Root.Kind == lockset.Global {
		return false
	}
	if g.Access.Path.Root.Kind == lockset.Param && !lockset.SameRoots(g.Ctx, x.Ctx) {
		return false
	}
	if x.Ctx.Kind != lockset.Goroutine && !x.Ctx.Self && x.Ctx != g.Ctx.Parent && !sameReceiverAPI(g, x) {
		return false // setup code (Init, flags, options) runs before the goroutines it configures
	}
	if !g.Access.Kind.IsWrite() && x.Ctx.Kind == lockset.Exported && x.Ctx != g.Ctx.Parent {
		// The goroutine reads what another exported method writes:
		// configuration (Provision, UnmarshalCaddyfile) set before the
		// method that starts it, in the type's lifecycle.
		return false
	}
	if g.Access.Path.Root.Kind == lockset.Global && x.Ctx.Kind != lockset.Handler && lockset.RootFn(x.Ctx) != lockset.RootFn(g.Ctx) {
		// A package variable shared by goroutines of unrelated entry
		// points: when those run, relative to each other, is the
		// program's protocol, not this code's.
		return false
	}
	return c.concurrent(g, x) && !sharesLock(g.Access, x.Access) && !c.handshake(g, x)
}

// handshake reports whether the goroutine and x's code operate a channel
// together, one sending or closing and the other receiving: a protocol the
// analysis does not order access by access, under which the two sides
// typically take turns.
func (c *checker) handshake(g, x occ) bool {
	if !lockset.SameRoots(g.Ctx, x.Ctx) {
		return false
	}
	other := x.Ctx.Syncs
	for _, s := range g.Ctx.Syncs {
		for _, t := range other {
			if pairs(s.Op, t.Op) && lockset.SamePlace(s.Path, t.Path) && (s.Path.Root.Kind != lockset.Local || t.Path.Root.Kind != lockset.Local) {
				return true
			}
		}
	}
	return false
}

func pairs(a, b lockset.SyncOp) bool {
	send := func(op lockset.SyncOp) bool { return op == lockset.Send || op == lockset.Close }
	return send(a) && b == lockset.Recv || send(b) && a == lockset.Recv
}

// sameReceiverAPI reports whether x is in an exported method of the type
// whose method started g, on the same receiver: a caller may call it while
// the goroutine runs on the object.
func sameReceiverAPI(g, x occ) bool {
	return x.Ctx.Kind == lockset.Exported && x.Access.Path.Root.Kind == lockset.Param &&
		lockset.RecvNamed(x.Ctx.Fn) != nil && lockset.RecvNamed(x.Ctx.Fn) == lockset.RecvNamed(lockset.RootFn(g.Ctx))
}

func (c *checker) reportGoroutineField(g, x occ) {
	w, other := g, x
	if !g.Access.Kind.IsWrite() {
		w, other = x, g
	}
	name := c.names.expr(w.Access.Pos, w.Access.Field)
	msg := fmt.Sprintf("%s is %s by the goroutine started in %s while %s %s it, with no lock or channel ordering them; guard both with a mutex or hand the value over a channel",
		name, pastVerb(g.Access), funcName(lockset.RootFn(g.Ctx)), otherSide(x), presentVerb(x.Access))
	rel := []analysisRelated{
		c.relatedPos(other.Access.Pos, pastVerb(other.Access)+" here"),
		c.relatedPos(g.Ctx.Spawn.Pos, "the goroutine starts here"),
	}
	c.reportAt(w.Access.Pos, catGoroutine, msg, rel...)
}

func otherSide(x occ) string {
	switch x.Ctx.Kind {
	case lockset.Goroutine:
		return "another goroutine started in " + funcName(lockset.RootFn(x.Ctx))
	case lockset.Handler:
		return "the handler " + funcName(x.Ctx.Fn)
	}
	return funcName(x.Ctx.Fn)
}

func pastVerb(a *lockset.Access) string {
	if a.Kind.IsWrite() {
		return "written"
	}
	return "read"
}

func presentVerb(a *lockset.Access) string {
	if a.Kind.IsWrite() {
		return "writes"
	}
	return "reads"
}

func sortedOccFields(m map[*types.Var][]occ) []*types.Var {
	out := make([]*types.Var, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	return out
}

// readLockWrites reports a field, a map's contents or a slice's elements
// written while only a read lock of the same object is held: readers hold
// that lock too, so they run while it changes. Wherever the type's lock
// shows the object is shared, not only in code known to run concurrently.
func (c *checker) readLockWrites(generated func(token.Pos) bool) {
	sites := c.ls.Sites()
	for _, field := range sortedFields(sites) {
		for _, s := range sites[field] {
			// Only a map's contents: a field or slice element written
			// under a read lock is as often owned by one goroutine, the
			// read lock keeping out a concurrent Close (database/sql's
			// Rows).
			if s.Kind != lockset.ContentWrite || generated(s.Pos) {
				continue
			}
			for _, o := range s.Occ {
				if !o.Access.Map {
					break
				}
				key, ok := readOnly(lockset.Keys(o.Access), c.lockless(field))
				if !ok {
					continue
				}
				if p, ok := c.sharedReader(o, key, sites[field]); ok {
					c.reportReadLockWrite(s, o, p, key)
					if o.Access.Depth == 0 || key.Up == 0 {
						break // one finding at the write; otherwise one per call
					}
				}
			}
		}
	}
}

// readOnly returns the read lock held when no lock of the object is held
// exclusively: the object's own, or, when its type has no mutex (a cache
// type kept behind its owner's lock), its owner's.
func readOnly(keys map[lockset.LockKey]lockset.Mode, lockless bool) (lockset.LockKey, bool) {
	var shared lockset.LockKey
	found := false
	for k, m := range keys {
		if m == lockset.Exclusive {
			return lockset.LockKey{}, false
		}
		if k.Up > 2 || k.Up > 0 && !lockless {
			continue
		}
		if !found || k.String() < shared.String() {
			shared, found = k, true
		}
	}
	return shared, found
}

// sharedReader finds another access of the field made with the same lock
// held only for reading, in code that may run at the same time as o: the
// reader the read lock lets in while o writes.
func (c *checker) sharedReader(o occ, key lockset.LockKey, sites []*lockset.Site) (occ, bool) {
	for _, t := range sites {
		for _, p := range t.Occ {
			// A read lock in exported API or a handler says two calls
			// may hold it at once: the write races with its own twin.
			twin := p.Access == o.Access
			if twin && !o.Ctx.Self && !concurrentRoot(o.Ctx) {
				continue
			}
			if lockset.Keys(p.Access)[key] == lockset.Shared && conflict(o.Access, p.Access) && (twin || c.concurrent(o, p)) {
				return p, true
			}
		}
	}
	return occ{}, false
}

func (c *checker) reportReadLockWrite(s *lockset.Site, o, p occ, key lockset.LockKey) {
	name := c.names.expr(s.Pos, s.Field)
	lock := c.names.lock(s.Pos, s.Field, key)
	what := name
	if s.Kind == lockset.ContentWrite {
		what = "an element of " + name
	}
	var rel []analysisRelated
	if p.Access != o.Access {
		rel = append(rel, c.relatedPos(p.Access.Pos, pastVerb(p.Access)+" here under the same read lock"))
	}
	if o.Access.Depth > 0 && key.Up > 0 {
		// The callee is the object's own method: the caller's lock
		// choice is what must change.
		if n, l, ok := rootedNames(o, key); ok {
			what, lock = "an element of "+n, l
		}
		rel = append(rel, c.relatedPos(s.Pos, "written here"))
		c.reportAt(helperCall(o.Access).Pos(), catGuarded,
			fmt.Sprintf("this call writes %s with only %s.RLock held, so two readers change it at once; take %s.Lock around the call", what, lock, lock), rel...)
		return
	}
	if o.Access.Depth > 0 {
		rel = append(rel, c.relatedPos(o.Access.Instr.Pos(), "called here with only the read lock held"))
	}
	c.reportAt(s.Pos, catGuarded,
		fmt.Sprintf("%s is written with only %s.RLock held, so readers run while it changes; take %s.Lock to write %s", what, lock, lock, name), rel...)
}

// lockless reports whether the struct of the package that declares field
// has no mutex of its own: a helper type kept behind its owner's lock.
func (c *checker) lockless(field *types.Var) bool {
	if c.owners == nil {
		c.owners = map[*types.Var]types.Type{}
		scope := c.pass.Pkg.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					c.owners[st.Field(i)] = tn.Type()
				}
			}
		}
	}
	owner, ok := c.owners[field]
	return ok && !hasMutex(owner)
}

// atomicMix reports a plain access to a field or variable that other code
// reads or writes with sync/atomic, where the two may run at the same time
// and one writes: the atomic side shows the value is shared, and the plain
// side races with it.
func (c *checker) atomicMix(generated func(token.Pos) bool) {
	atomics := map[*types.Var][]occ{}
	for _, ctx := range c.ls.Contexts() {
		for _, a := range ctx.Accesses {
			if a.Atomic && a.Field != nil && !c.ls.Fresh(a.Path.Root) {
				atomics[a.Field] = append(atomics[a.Field], occ{Ctx: ctx, Access: a})
			}
		}
	}
	if len(atomics) == 0 {
		return
	}
	sites := c.ls.Sites()
	for _, field := range sortedOccFields(atomics) {
		seen := map[*ssa.Function]bool{}
		for _, s := range sites[field] {
			if generated(s.Pos) {
				continue
			}
			for _, o := range s.Occ {
				if seen[o.Access.Fn] || c.sequentialTest(o) {
					continue
				}
				if p, ok := c.atomicPartner(o, atomics[field]); ok {
					seen[o.Access.Fn] = true
					c.reportAtomicMix(s, o, p)
					break
				}
			}
		}
	}
}

func (c *checker) atomicPartner(o occ, atomics []occ) (occ, bool) {
	for _, p := range atomics {
		// An exported function or handler that updates the field atomically
		// says it runs beside itself.
		self := sameThread(o.Ctx, p.Ctx) && concurrentRoot(o.Ctx) && p.Access.Kind.IsWrite()
		if (o.Access.Kind.IsWrite() || p.Access.Kind.IsWrite()) && (self || c.concurrent(o, p)) {
			return p, true
		}
	}
	return occ{}, false
}

func (c *checker) reportAtomicMix(s *lockset.Site, o, p occ) {
	name := c.names.expr(s.Pos, s.Field)
	verb := "read"
	if s.Kind.IsWrite() {
		verb = "written"
	}
	c.reportAt(s.Pos, catGuarded,
		fmt.Sprintf("%s is %s without sync/atomic, but %s %s it atomically and may run at the same time; use the atomic functions here too, or make it an atomic type",
			name, verb, funcName(lockset.RootFn(p.Ctx)), presentVerb(p.Access)),
		c.relatedPos(p.Access.Pos, "accessed atomically here"))
}

// rootedNames names an access and its lock from the context's own
// parameters (d.cache.lru.m, d.rwLock): what the caller's code can see.
func rootedNames(o occ, key lockset.LockKey) (string, string, bool) {
	root := o.Access.Path.Root
	fn := lockset.RootFn(o.Ctx)
	if root.Kind != lockset.Param || root.Index >= len(fn.Params) {
		return "", "", false
	}
	name := fn.Params[root.Index].Name()
	return name + o.Access.Path.Steps, name + key.Resolve(o.Access.Path).Steps, true
}

// helperCall returns the call on a's path that enters a method of a
// lockless helper type (the cache behind its owner's lock): where the
// owner's code chose the read lock. Else the path's first call.
func helperCall(a *lockset.Access) ssa.Instruction {
	for ch := a.Chain; ch != nil; ch = ch.Next {
		call, ok := ch.Instr.(*ssa.Call)
		if !ok {
			continue
		}
		callee := call.Call.StaticCallee()
		if callee == nil || callee.Signature.Recv() == nil {
			continue
		}
		if t := typesutil.Deref(callee.Signature.Recv().Type()); !hasMutex(t) {
			return call
		}
	}
	return a.Instr
}
