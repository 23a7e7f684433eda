package lockset

import (
	"strings"

	"golang.org/x/tools/go/ssa"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// handedIn returns the locks fn releases by its own Unlock but never takes:
// its caller took them and hands them over (StartCollection locks, Finish
// unlocks), so fn runs holding them until it lets go. A lock fn takes
// anywhere itself is left out, and so is one only a callee releases: an
// unlock the must-analysis sees on an unheld lock there is the meet of a
// conditional Lock, not a hand-over.
func (f *flow) handedIn() Set {
	if f.light {
		return Set{}
	}
	// Most functions release no lock they do not take; only the rest
	// need the exit state, whose light summary costs a walk.
	out := ownReleases(f.fn)
	if len(out) == 0 {
		return out
	}
	exit := f.r.effect(f.fn).Exit
	for p := range out {
		if exit[p] != Released {
			delete(out, p)
		}
	}
	f.handed, f.sum.Handed = out, out
	return out
}

// ownReleases returns the locks fn unlocks by its own calls and never
// locks, with the mode the unlock gives up.
func ownReleases(fn *ssa.Function) Set {
	out, taken := Set{}, map[Path]bool{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			lock, op, name, ok := lockCall(call.Common())
			switch {
			case !ok:
			case op != ks.Release:
				taken[lock] = true
			case name == "RUnlock":
				out[lock] = Shared
			default:
				out[lock] = Exclusive
			}
		}
	}
	for lock := range taken {
		delete(out, lock)
	}
	return out
}

// releaseHanded keeps the hand-over in fn's exit: a handed lock fn does not
// hold at its end is one it released for its caller.
func (f *flow) releaseHanded() {
	for p := range f.handed {
		if f.sum.Exit[p] <= 0 {
			f.sum.Exit = f.sum.Exit.with(p, Released)
		}
	}
}

// ownerLock finds the held lock a callee's acquisition names through a
// pointer back to its owner: acq is v.owner.mu, where v is an element
// taken out of a container kept in the object whose mu is held
// (cc.manager.rwlock is held, and a stream out of cc.manager.streams locks
// its manager.rwlock). An element that points to an owner of the holder's
// type is taken to point to the owner that holds it.
func ownerLock(held Set, acq Path) (Path, Mode, bool) {
	link, ok := acq.Parent()
	if !ok || acq.Last == nil || acq.Root.Kind != Local || link.Steps == "" || strings.ContainsAny(link.Steps[1:], ".[") {
		return Path{}, 0, false
	}
	cont := containerOf(acq.Root.Value)
	if cont == nil {
		return Path{}, 0, false
	}
	from := pathOf(cont)
	if from.Root.Kind == Local {
		return Path{}, 0, false
	}
	for h, m := range held {
		if m <= 0 || h.Last != acq.Last {
			continue
		}
		if owner, ok := h.Parent(); ok && from != owner && from.HasPrefix(owner) {
			return h, m, true
		}
	}
	return Path{}, 0, false
}

// containerOf returns the map or slice load an element value comes out
// of: a lookup, a range over it, an indexed load.
func containerOf(v ssa.Value) ssa.Value {
	for range maxPathDepth {
		switch x := v.(type) {
		case *ssa.Extract:
			v = x.Tuple
		case *ssa.Lookup:
			v = x.X
		case *ssa.Next:
			v = x.Iter
		case *ssa.Range:
			v = x.X
		case *ssa.UnOp:
			ia, ok := x.X.(*ssa.IndexAddr)
			if !ok {
				return x // the container's own load
			}
			v = ia.X
		default:
			return nil
		}
	}
	return nil
}
