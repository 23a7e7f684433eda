package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// relocks reports a lock taken again by the goroutine that holds it: in the
// same function, or in a function it calls that takes the lock on every path
// (a method holding s.mu calling another that locks s.mu). sync.Mutex is not
// reentrant, so the goroutine blocks forever and every other one that needs
// the lock follows it; an RWMutex read-locked twice deadlocks as soon as a
// writer waits between the two RLocks.
func (c *checker) relocks() {
	for _, fn := range c.ssa.SrcFuncs {
		for _, r := range c.locks.Summary(fn).Relocks {
			if r.Chain.Instr.Parent() != fn || strings.Contains(r.Lock.Steps, "[]") || c.generatedOnly(r.Pos) {
				continue // elements of one slice are different locks
			}
			c.reportRelock(fn, r)
		}
	}
}

func (c *checker) reportRelock(fn *ssa.Function, r *lockset.Relock) {
	name := lockName(c.nodeAt(r.Pos), r)
	var rel []analysis.RelatedInformation
	if outer := c.outerAcquire(fn, r); outer != nil {
		rel = append(rel, analysis.RelatedInformation{Pos: outer.Pos, Message: name + " is taken here"})
	} else if c.locks.Summary(fn).Handed[r.Lock] > 0 {
		rel = append(rel, analysis.RelatedInformation{Pos: fn.Pos(), Message: fmt.Sprintf("%s is entered holding %s: it releases it without taking it", fn.Name(), name)})
	}
	if r.Inner.IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: r.Inner, Message: "and taken again here"})
	}
	var msg string
	switch {
	case r.Held == lockset.Shared && r.Mode == lockset.Shared:
		msg = fmt.Sprintf("%s is read-locked again while this goroutine holds its read lock; a writer that calls Lock in between blocks both, so the goroutine waits on itself forever; take the read lock once", name)
	case r.Held == lockset.Shared:
		msg = fmt.Sprintf("%s is locked for writing while this goroutine holds its read lock; Lock waits for every reader to leave, this one included, so the goroutine blocks forever; release the read lock first", name)
	default:
		msg = fmt.Sprintf("%s is locked again while this goroutine already holds it; sync mutexes are not reentrant, so it blocks forever and so does every goroutine that needs %s; release it first or call a variant that expects it held", name, name)
	}
	c.pass.Report(analysis.Diagnostic{Pos: r.Pos, Category: CategoryDeadlock, Message: msg, Related: rel})
}

// outerAcquire finds where fn took the lock it takes again: the last
// acquisition of the same lock, by position, before the relock.
func (c *checker) outerAcquire(fn *ssa.Function, r *lockset.Relock) *lockset.Acquire {
	var best *lockset.Acquire
	for _, a := range c.locks.Summary(fn).Acquires {
		if a.Path == r.Lock && a.Chain.Instr.Pos() < r.Chain.Instr.Pos() && (best == nil || a.Chain.Instr.Pos() > best.Chain.Instr.Pos()) {
			best = a
		}
	}
	return best
}

// lockName renders the lock of a relock from the call that takes it.
func lockName(call *ast.CallExpr, r *lockset.Relock) string {
	if call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && r.Inner == token.NoPos {
			return exprText(sel.X)
		}
	}
	if r.Lock.Last != nil {
		return r.Lock.Last.Name()
	}
	return "the lock"
}

func exprText(e ast.Expr) string {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok {
		return exprText(u.X) // &s.mu names s.mu
	}
	return astutil.ShortExpr(e, "the lock")
}

// nodeAt finds the call expression whose parenthesis is at pos.
func (c *checker) nodeAt(pos token.Pos) *ast.CallExpr {
	return nodeAt(c, pos, func(call *ast.CallExpr) token.Pos { return call.Lparen })
}

// generatedOnly reports whether pos is in a generated file: deadlocks are
// reported in tests too, where they hang CI.
func (c *checker) generatedOnly(pos token.Pos) bool {
	f := c.file(pos)
	return f == nil || ast.IsGenerated(f)
}

// blockedUnderLock reports a wait (WaitGroup.Wait, a receive, a send) made
// while holding a lock that the goroutine able to end the wait must take
// first: the waiter keeps the lock until the goroutine signals, and the
// goroutine cannot signal until it gets the lock.
func (c *checker) blockedUnderLock() {
	ctxs := c.locks.Contexts()
	seen := map[token.Pos]bool{}
	for _, x := range ctxs {
		for _, s := range x.Syncs {
			// A wait made only after testing the object's state (if
			// w.done) is the protocol's own: its partner has been.
			if !s.Blocking || s.Checked || c.generatedOnly(s.Pos) || takesBack(x, s) {
				continue
			}
			for lock, mode := range s.Held {
				if mode <= 0 || strings.Contains(lock.Steps, "[]") || seen[blockedPos(x, s, lock)] {
					continue
				}
				if g, a, p, ok := c.partnerNeeds(x, s, lock, mode, ctxs); ok && !freeWaker(x, s, lock, mode, ctxs) {
					seen[blockedPos(x, s, lock)] = true
					c.reportBlocked(x, s, lock, g, a, p)
					break
				}
			}
		}
	}
}

// partnerNeeds finds a goroutine that performs the operation s waits for,
// and takes lock (in a mode that excludes the waiter's) before it.
func (c *checker) partnerNeeds(x *lockset.Context, s *lockset.Sync, lock lockset.Path, mode lockset.Mode, ctxs []*lockset.Context) (*lockset.Context, *lockset.Acquire, *lockset.Sync, bool) {
	for _, g := range ctxs {
		if g.Kind != lockset.Goroutine || g == x {
			continue
		}
		for _, p := range g.Syncs {
			if !ends(s.Op, p.Op) || !sameChannel(x, s.Path, g, p.Path) {
				continue
			}
			for _, a := range g.Acquires {
				// A deferred signal comes at return, after whatever the
				// goroutine does.
				before := p.Deferred || lockset.Precedes(a.Chain, p.Chain)
				if (a.Mode == lockset.Exclusive || mode == lockset.Exclusive) && sameLock(x, lock, g, a.Path) && before {
					return g, a, p, true
				}
			}
		}
	}
	return nil, nil, nil, false
}

// takesBack reports whether receive s takes back a token its own code sent
// on the same channel before (a slot of a semaphore released on an error
// path): the token is in the buffer, so the receive does not wait on
// another goroutine.
func takesBack(x *lockset.Context, s *lockset.Sync) bool {
	if s.Op != lockset.Recv {
		return false
	}
	for _, t := range x.Syncs {
		if t.Op == lockset.Send && lockset.SamePlace(t.Path, s.Path) && lockset.Precedes(t.Chain, s.Chain) {
			return true
		}
	}
	return false
}

// freeWaker reports whether some code can end the wait of s without taking
// lock first (a response reader draining the channel the writers fill
// under the lock): then the waiter does not depend on a lock holder. One
// partner ends a channel wait, but Wait needs every Done: a goroutine that
// calls Done freely does not release the waiter from one that needs the lock.
func freeWaker(x *lockset.Context, s *lockset.Sync, lock lockset.Path, mode lockset.Mode, ctxs []*lockset.Context) bool {
	if s.Op == lockset.Wait {
		return false
	}
	for _, g := range ctxs {
		for _, p := range g.Syncs {
			if !ends(s.Op, p.Op) || !sameChannel(x, s.Path, g, p.Path) || takesBack(g, p) {
				continue
			}
			if !takesFirst(g, p, x, lock, mode) {
				return true
			}
		}
	}
	return false
}

// takesFirst reports whether g takes lock, in a mode that excludes mode,
// before its operation p.
func takesFirst(g *lockset.Context, p *lockset.Sync, x *lockset.Context, lock lockset.Path, mode lockset.Mode) bool {
	for _, a := range g.Acquires {
		before := p.Deferred || lockset.Precedes(a.Chain, p.Chain)
		if (a.Mode == lockset.Exclusive || mode == lockset.Exclusive) && sameLock(x, lock, g, a.Path) && before {
			return true
		}
	}
	return false
}

// ends reports whether op p lets a blocked op s proceed.
func ends(s, p lockset.SyncOp) bool {
	switch s {
	case lockset.Wait:
		return p == lockset.Done
	case lockset.Recv:
		return p == lockset.Send || p == lockset.Close
	case lockset.Send:
		return p == lockset.Recv
	}
	return false
}

func (c *checker) reportBlocked(x *lockset.Context, s *lockset.Sync, lock lockset.Path, g *lockset.Context, a *lockset.Acquire, p *lockset.Sync) {
	name := "the lock"
	if lock.Last != nil {
		name = lock.Last.Name()
	}
	what := map[lockset.SyncOp]string{lockset.Wait: "waits for the WaitGroup", lockset.Recv: "receives", lockset.Send: "sends"}[s.Op]
	subject, pos := "this goroutine", blockedPos(x, s, lock)
	rel := []analysis.RelatedInformation{
		{Pos: a.Pos, Message: "the goroutine takes " + name + " here"},
		{Pos: p.Pos, Message: "before it would end the wait here"},
		{Pos: g.Spawn.Pos, Message: "the goroutine starts here"},
	}
	if pos != s.Pos {
		subject = "this call"
		rel = append([]analysis.RelatedInformation{{Pos: s.Pos, Message: "where it waits"}}, rel...)
	}
	msg := fmt.Sprintf("%s %s while holding %s, and the goroutine that would end the wait takes %s first, so both block forever; release %s before waiting",
		subject, what, name, name, name)
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: CategoryDeadlock, Message: msg, Related: rel})
}

// blockedPos is where a wait under lock is reported: the wait, or, when
// the context takes the lock itself and the wait is in a callee, the call
// that leads to it, which is what must move out of the critical section.
func blockedPos(x *lockset.Context, s *lockset.Sync, lock lockset.Path) token.Pos {
	if s.Depth > 0 && locksItself(x, lock) {
		return s.Chain.Instr.Pos()
	}
	return s.Pos
}

// locksItself reports whether the context's own code takes lock.
func locksItself(x *lockset.Context, lock lockset.Path) bool {
	for _, a := range x.Acquires {
		if a.Depth == 0 && a.Path == lock {
			return true
		}
	}
	return false
}

// sendsToExitedLoop reports a send, outside a select, on a channel field
// whose only receivers are goroutines that can return: once the loop has
// returned (after Stop or Close), the send blocks its caller forever.
func (c *checker) sendsToExitedLoop() {
	ctxs := c.locks.Contexts()
	seen := map[token.Pos]bool{}
	for _, x := range ctxs {
		if x.Kind == lockset.Goroutine || x.Kind == lockset.Test {
			continue
		}
		for _, s := range x.Syncs {
			// A send after testing the object's state (if closed {
			// return }) is made only while the loop runs.
			if s.Op != lockset.Send || !s.Blocking || s.Checked || seen[s.Pos] || !receiverField(s.Path) || c.generatedOnly(s.Pos) {
				continue
			}
			if c.handedOut(s.Path.Last) {
				continue // callers receive from it too
			}
			if loop, ok := c.onlyLoopsReceive(x, s, ctxs); ok && !countsInFlight(x, loop) {
				seen[s.Pos] = true
				c.reportExitedLoop(x, s, loop)
			}
		}
	}
}

// receiverField reports whether p is a field of a method's receiver.
func receiverField(p lockset.Path) bool {
	return p.Root.Kind == lockset.Param && p.Root.Index == 0 && p.Last != nil && !strings.Contains(p.Steps, "[]")
}

// onlyLoopsReceive returns a goroutine receiving from s's channel, when
// every receive of that channel in the package is made by goroutines that
// can return, and nothing closes it.
func (c *checker) onlyLoopsReceive(x *lockset.Context, s *lockset.Sync, ctxs []*lockset.Context) (*lockset.Context, bool) {
	var loop *lockset.Context
	for _, g := range ctxs {
		for _, t := range g.Syncs {
			if !sameChannel(x, s.Path, g, t.Path) {
				continue
			}
			switch {
			case t.Op == lockset.Close:
				return nil, false
			case t.Op != lockset.Recv:
			case g.Kind != lockset.Goroutine || !c.ops.CanReturn(g.Fn, nil):
				return nil, false // received where the loop never ends, or outside one
			case releasesSlot(x, s, g, t):
				return nil, false // a semaphore: each goroutine gives back the token sent before it
			case loop == nil:
				loop = g
			}
		}
	}
	return loop, loop != nil
}

// releasesSlot reports whether receive t of goroutine g gives back a
// semaphore slot rather than serving a loop: g receives on its way out (a
// deferred receive), or x started g after its send s, so every token sent
// has a goroutine to take it back.
func releasesSlot(x *lockset.Context, s *lockset.Sync, g *lockset.Context, t *lockset.Sync) bool {
	if t.Deferred {
		return true
	}
	return g.Parent == x && lockset.Before(s.Chain, g.Spawn.Chain)
}

func (c *checker) reportExitedLoop(x *lockset.Context, s *lockset.Sync, loop *lockset.Context) {
	name := s.Path.Last.Name()
	msg := fmt.Sprintf("%s sends on %s, which only the goroutine started in %s receives, and that goroutine can return (on Stop or Close); a send after it has returned blocks the caller forever, so select on the same stop signal beside the send",
		funcLabel(x.Fn), name, funcLabel(lockset.RootFn(loop)))
	c.pass.Report(analysis.Diagnostic{Pos: s.Pos, Category: CategoryLeak, Message: msg, Related: []analysis.RelatedInformation{
		{Pos: loop.Spawn.Pos, Message: "the receiving goroutine starts here"},
	}})
}

func funcLabel(fn *ssa.Function) string {
	if t := lockset.RecvNamed(fn); t != nil {
		return t.Name() + "." + fn.Name()
	}
	return fn.Name()
}

// sameLock reports whether two contexts' lock paths name one mutex: as
// sameChannel does, or as the same mutex field reached through a field
// that points back to its owner (c.lock in the consumer group's method,
// s.parent.lock in its session's goroutine).
func sameLock(ca *lockset.Context, a lockset.Path, cb *lockset.Context, b lockset.Path) bool {
	if sameChannel(ca, a, cb, b) {
		return true
	}
	return backLink(ca, a, cb, b) || backLink(cb, b, ca, a)
}

// backLink reports whether a is a mutex field of its context's root object
// and b the same field reached from an object of another type through one
// pointer field to the root's type: the owner's lock, through a child's
// pointer back to its owner. A child of the owner's own type (a tree) may
// point to another owner, so it does not count.
func backLink(ca *lockset.Context, a lockset.Path, cb *lockset.Context, b lockset.Path) bool {
	if a.Last == nil || a.Last != b.Last || a.Steps != "."+a.Last.Name() {
		return false
	}
	link, ok := b.Parent()
	name := strings.TrimPrefix(link.Steps, ".")
	if !ok || name == link.Steps || strings.ContainsAny(name, ".[") {
		return false
	}
	owner, child := lockset.RootType(ca, a), lockset.RootType(cb, b)
	if owner == nil || child == nil || types.Identical(owner, child) {
		return false
	}
	field, _, _ := types.LookupFieldOrMethod(child, true, a.Last.Pkg(), name)
	v, ok := field.(*types.Var)
	return ok && v.IsField() && types.Identical(typesutil.Deref(v.Type()), owner)
}

// sameChannel reports whether two contexts' paths name the same channel:
// one place, or the same field of objects of one type.
func sameChannel(ca *lockset.Context, a lockset.Path, cb *lockset.Context, b lockset.Path) bool {
	if lockset.SameRoots(ca, cb) && lockset.SamePlace(a, b) {
		return true
	}
	for _, x := range lockset.Aliases(a) {
		for _, y := range lockset.Aliases(b) {
			if lockset.SameField(ca, x, cb, y) {
				return true
			}
		}
	}
	return false
}

// handedOut reports whether the package returns the channel held in field
// from some function (Messages() <-chan *Message): its receivers are also
// outside the package.
func (c *checker) handedOut(field *types.Var) bool {
	if c.outChans == nil {
		c.outChans = map[*types.Var]bool{}
		for _, fn := range c.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
				if !ok {
					continue
				}
				for _, v := range ret.Results {
					if ct, ok := v.(*ssa.ChangeType); ok {
						v = ct.X
					}
					if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
						if fa, ok := u.X.(*ssa.FieldAddr); ok {
							c.outChans[ssautil.FieldOf(fa).Origin()] = true
						}
					}
				}
			}
		}
	}
	return c.outChans[field]
}
