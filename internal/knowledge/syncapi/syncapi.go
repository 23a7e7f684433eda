// Package syncapi is msvclint's curated knowledge of the synchronization APIs of
// the standard library and of common libraries: which calls acquire and
// release locks, which create a happens-before edge between goroutines, and
// which types are safe to use from several goroutines at once.
//
// It is a table rather than facts read from those packages because some
// drivers never analyze the standard library, and because "safe for
// concurrent use" is documented behaviour, not something the code shows.
// Entries are matched by the package path and names of the resolved object,
// never by the spelling at a call site.
package syncapi

import (
	"go/types"
)

// LockOp says what a call does to a lock.
type LockOp int

// The lock operations.
const (
	NoLockOp    LockOp = iota
	Acquire            // Lock: exclusive
	AcquireRead        // RLock: shared
	Release            // Unlock or RUnlock
)

type method struct{ pkg, recv, name string }

var lockOps = map[method]LockOp{
	{"sync", "Mutex", "Lock"}:      Acquire,
	{"sync", "Mutex", "Unlock"}:    Release,
	{"sync", "RWMutex", "Lock"}:    Acquire,
	{"sync", "RWMutex", "Unlock"}:  Release,
	{"sync", "RWMutex", "RLock"}:   AcquireRead,
	{"sync", "RWMutex", "RUnlock"}: Release,
	{"sync", "Locker", "Lock"}:     Acquire,
	{"sync", "Locker", "Unlock"}:   Release,
	// TryLock is deliberately absent: whether it acquired depends on a
	// branch we do not track, so the lock is treated as not held.
}

// LockOpOf returns what a call of fn does to the lock it is called on.
func LockOpOf(fn *types.Func) LockOp {
	return lockOps[methodOf(fn)]
}

// syncPoints are calls after which a goroutine may observe another
// goroutine's writes: waiting for goroutines, one-time initialization,
// condition variables. Calling one ends what a local reasoning can prove
// about ordering, so checks stop there.
var syncPoints = map[method]bool{
	{"sync", "WaitGroup", "Wait"}:                        true,
	{"sync", "Once", "Do"}:                               true,
	{"sync", "Cond", "Wait"}:                             true,
	{"sync", "Cond", "Signal"}:                           true,
	{"sync", "Cond", "Broadcast"}:                        true,
	{"golang.org/x/sync/errgroup", "Group", "Wait"}:      true,
	{"github.com/sourcegraph/conc", "WaitGroup", "Wait"}: true,
	{"context", "", "AfterFunc"}:                         true,
	{"testing/synctest", "", "Wait"}:                     true,
	{"internal/synctest", "", "Wait"}:                    true,
}

// syncPkgs are packages every call of which is a synchronization point:
// atomics publish writes, sync.Map orders its operations.
var syncPkgs = map[string]bool{
	"sync/atomic": true,
}

// IsSyncPoint reports whether a call of fn may create a happens-before edge
// with another goroutine.
func IsSyncPoint(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if syncPkgs[fn.Pkg().Path()] {
		return true
	}
	m := methodOf(fn)
	if m.pkg == "sync" && m.recv == "Map" {
		return true
	}
	return syncPoints[m]
}

// safeTypes are types whose values may be used from several goroutines
// without a lock (their methods synchronize internally), so accessing a field
// of such a type is not a data race.
var safeTypes = map[[2]string]bool{
	{"sync", "Mutex"}: true, {"sync", "RWMutex"}: true, {"sync", "WaitGroup"}: true,
	{"sync", "Once"}: true, {"sync", "Map"}: true, {"sync", "Pool"}: true, {"sync", "Cond"}: true,
	{"sync/atomic", "Bool"}: true, {"sync/atomic", "Int32"}: true, {"sync/atomic", "Int64"}: true,
	{"sync/atomic", "Uint32"}: true, {"sync/atomic", "Uint64"}: true, {"sync/atomic", "Uintptr"}: true,
	{"sync/atomic", "Value"}: true, {"sync/atomic", "Pointer"}: true,
	{"golang.org/x/sync/errgroup", "Group"}:      true,
	{"golang.org/x/sync/singleflight", "Group"}:  true,
	{"github.com/sourcegraph/conc", "WaitGroup"}: true,
}

// IsSafeType reports whether t (or what it points to) is a type whose
// methods may be called concurrently: the sync and sync/atomic types, and
// channels.
func IsSafeType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return safeTypes[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]
}

// IsMutex reports whether t is sync.Mutex or sync.RWMutex.
func IsMutex(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// IsWaitGroup reports whether fn is a method of sync.WaitGroup named name.
func IsWaitGroup(fn *types.Func, name string) bool {
	m := methodOf(fn)
	return m.pkg == "sync" && m.recv == "WaitGroup" && m.name == name
}

// IsTestingMethod reports whether fn is (*testing.T).name.
func IsTestingMethod(fn *types.Func, name string) bool {
	m := methodOf(fn)
	return m.pkg == "testing" && m.recv == "T" && m.name == name
}

func methodOf(fn *types.Func) method {
	if fn == nil || fn.Pkg() == nil {
		return method{}
	}
	m := method{pkg: fn.Pkg().Path(), name: fn.Name()}
	recv := fn.Signature().Recv()
	if recv == nil {
		return m
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		m.recv = n.Obj().Name()
	}
	return m
}
