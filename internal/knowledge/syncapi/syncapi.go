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

	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/typesutil"
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

var lockOps = map[typesutil.Func]LockOp{
	{Pkg: "sync", Recv: "Mutex", Name: "Lock"}:      Acquire,
	{Pkg: "sync", Recv: "Mutex", Name: "Unlock"}:    Release,
	{Pkg: "sync", Recv: "RWMutex", Name: "Lock"}:    Acquire,
	{Pkg: "sync", Recv: "RWMutex", Name: "Unlock"}:  Release,
	{Pkg: "sync", Recv: "RWMutex", Name: "RLock"}:   AcquireRead,
	{Pkg: "sync", Recv: "RWMutex", Name: "RUnlock"}: Release,
	{Pkg: "sync", Recv: "Locker", Name: "Lock"}:     Acquire,
	{Pkg: "sync", Recv: "Locker", Name: "Unlock"}:   Release,
	// TryLock is deliberately absent: whether it acquired depends on a
	// branch we do not track, so the lock is treated as not held.
}

// LockOpOf returns what a call of fn does to the lock it is called on.
func LockOpOf(fn *types.Func) LockOp {
	return lockOps[typesutil.FuncOf(fn)]
}

// syncPoints are calls after which a goroutine may observe another
// goroutine's writes: one-time initialization, condition variables, and
// (from limits.Joiners, the one list of them) waiting for goroutines. Calling one ends what a local reasoning can prove
// about ordering, so checks stop there.
var syncPoints = map[typesutil.Func]bool{
	{Pkg: "sync", Recv: "Once", Name: "Do"}:        true,
	{Pkg: "sync", Recv: "Cond", Name: "Wait"}:      true,
	{Pkg: "sync", Recv: "Cond", Name: "Signal"}:    true,
	{Pkg: "sync", Recv: "Cond", Name: "Broadcast"}: true,
	{Pkg: "context", Name: "AfterFunc"}:            true,
	{Pkg: "testing/synctest", Name: "Wait"}:        true,
	{Pkg: "internal/synctest", Name: "Wait"}:       true,
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
	m := typesutil.FuncOf(fn)
	if m.Pkg == "sync" && m.Recv == "Map" {
		return true
	}
	return syncPoints[m] || limits.Is(fn, limits.Joiners)
}

// readerEnds pairs a call with the reader loop it ends: StopTrace returns
// only after the goroutine calling ReadTrace has read the trace's end, so
// all that goroutine did before its last read comes before StopTrace
// returns. Both are in one package; the value names the reader's function.
var readerEnds = map[typesutil.Func]string{
	{Pkg: "runtime", Name: "StopTrace"}: "ReadTrace",
}

// EndedReader returns the function whose reader loop a call of fn waits to
// end (runtime.ReadTrace for runtime.StopTrace).
func EndedReader(fn *types.Func) (types.Object, bool) {
	name, ok := readerEnds[typesutil.FuncOf(fn)]
	if !ok || fn.Pkg() == nil {
		return nil, false
	}
	obj := fn.Pkg().Scope().Lookup(name)
	return obj, obj != nil
}

// IsEndedReader reports whether fn is a read that a call of EndedReader's
// table waits for (runtime.ReadTrace).
func IsEndedReader(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	for k, name := range readerEnds {
		if k.Pkg == fn.Pkg().Path() && name == fn.Name() && fn.Signature().Recv() == nil {
			return true
		}
	}
	return false
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
	{"golang.org/x/sync/singleflight", "Group"}: true,
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
	pkg, name := n.Obj().Pkg().Path(), n.Obj().Name()
	return safeTypes[[2]string{pkg, name}] || isGroup(pkg, name)
}

// isGroup reports whether pkg.name is a goroutine group: a type whose Wait
// joins what it started is made to be shared by them.
func isGroup(pkg, name string) bool {
	for _, j := range limits.Joiners {
		if j.Pkg == pkg && j.Recv == name {
			return true
		}
	}
	return false
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
	return typesutil.IsFunc(fn, "sync", "WaitGroup", name)
}

// IsTestingMethod reports whether fn is (*testing.T).name.
func IsTestingMethod(fn *types.Func, name string) bool {
	return typesutil.IsFunc(fn, "testing", "T", name)
}

// Unsafe is a type documented as not safe for concurrent use, every method
// of which changes its state.
type Unsafe struct {
	Name   string // as a reader writes it: *rand.Rand, hash.Hash32
	Advice string // what to do instead of sharing it unguarded
}

var unsafeTypes = map[[2]string]Unsafe{
	{"math/rand", "Rand"}:        {"*rand.Rand", "guard it with a mutex, or use math/rand's top-level functions, which are safe for concurrent use"},
	{"math/rand/v2", "Rand"}:     {"*rand.Rand", "guard it with a mutex, or use math/rand/v2's top-level functions, which are safe for concurrent use"},
	{"hash", "Hash"}:             {"hash.Hash", "make a new hash for each call, or guard it with a mutex"},
	{"hash", "Hash32"}:           {"hash.Hash32", "make a new hash for each call, or guard it with a mutex"},
	{"hash", "Hash64"}:           {"hash.Hash64", "make a new hash for each call, or guard it with a mutex"},
	{"encoding/json", "Encoder"}: {"*json.Encoder", "guard it with a mutex, or encode into a buffer of each call's own"},
	{"encoding/gob", "Encoder"}:  {"*gob.Encoder", "guard it with a mutex"},
}

// UnsafeType returns what the table knows of t (or what it points to)
// when it is a type not safe for concurrent use.
func UnsafeType(t types.Type) (Unsafe, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return Unsafe{}, false
	}
	u, ok := unsafeTypes[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]
	return u, ok
}
