// Package caches is msvclint's curated knowledge of cache libraries, of the
// functions that copy or modify slices and maps, and of the data-source APIs
// (database/sql and its common wrappers) whose reads fill caches and whose
// writes make them stale.
//
// It is a table rather than facts read from those packages because some
// drivers never analyze the standard library or vendored libraries, and
// because "this Get returns the stored value itself" or "this cache evicts" is
// documented behaviour. Entries are matched by the package path and name of
// the resolved object, never by the spelling at a call site.
package caches

import (
	"go/types"
	"strings"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// Op is what a cache method does with an entry.
type Op int

// The cache operations.
const (
	OpGet    Op = iota + 1 // returns the stored value (Index is the result)
	OpSet                  // stores a value (Index is the value argument)
	OpDelete               // drops one entry
	OpPurge                // drops every entry
	// OpGetChan returns a channel that delivers the stored value to every
	// waiting caller (singleflight's DoChan): what is received from it is
	// shared like the result of OpGet. Index is unused.
	OpGetChan
)

// CacheType is a well-known cache library type.
type CacheType struct {
	Pkg, Name string
	// Bounded is set when the cache evicts by size or expires by TTL.
	Bounded bool
	// Copies is set when Get returns a copy and Set keeps a copy (bigcache,
	// freecache): such caches cannot alias their callers' data.
	Copies bool
	// Safe is set when the cache is safe for concurrent use.
	Safe    bool
	Methods map[string]Method
}

// Method describes one method of a cache type.
type Method struct {
	Op    Op
	Index int // OpGet: result index of the value; OpSet: argument index of the value
}

var lruMethods = map[string]Method{
	"Get": {OpGet, 0}, "Peek": {OpGet, 0},
	"Add": {OpSet, 1}, "ContainsOrAdd": {OpSet, 1}, "PeekOrAdd": {OpSet, 1},
	"Remove": {OpDelete, 0}, "RemoveOldest": {OpDelete, 0}, "Purge": {OpPurge, 0},
}

var ristrettoMethods = map[string]Method{
	"Get": {OpGet, 0}, "Set": {OpSet, 1}, "SetWithTTL": {OpSet, 1},
	"Del": {OpDelete, 0}, "Clear": {OpPurge, 0},
}

// singleflightMethods: a singleflight.Group keeps an entry only while its
// call runs, and hands the one result to every caller that joined it.
var singleflightMethods = map[string]Method{
	"Do": {OpGet, 0}, "DoChan": {OpGetChan, 0}, "Forget": {OpDelete, 0},
}

// ttlcacheMethods: Get returns the *Item whose Value method is the stored
// value (see EntryValues).
var ttlcacheMethods = map[string]Method{
	"Get": {OpGet, 0}, "Set": {OpSet, 1}, "GetOrSet": {OpSet, 1},
	"Delete": {OpDelete, 0}, "GetAndDelete": {OpDelete, 0}, "DeleteAll": {OpPurge, 0}, "DeleteExpired": {OpPurge, 0},
}

// otterMethods: otter (v1) Cache's Get, Has, Delete and Clear are promoted
// from its unexported baseCache; Set and SetIfAbsent are Cache's own.
var otterMethods = map[string]Method{
	"Get": {OpGet, 0}, "Set": {OpSet, 1}, "SetIfAbsent": {OpSet, 1},
	"Delete": {OpDelete, 0}, "Clear": {OpPurge, 0},
}

var copyingMethods = map[string]Method{
	"Get": {OpGet, 0}, "Set": {OpSet, 1}, "Delete": {OpDelete, 0}, "Del": {OpDelete, 0}, "Reset": {OpPurge, 0}, "Clear": {OpPurge, 0},
}

// CacheTypes lists the cache libraries msvclint knows.
var CacheTypes = []CacheType{
	{Pkg: "github.com/hashicorp/golang-lru", Name: "Cache", Bounded: true, Safe: true, Methods: lruMethods},
	{Pkg: "github.com/hashicorp/golang-lru/v2", Name: "Cache", Bounded: true, Safe: true, Methods: lruMethods},
	{Pkg: "github.com/hashicorp/golang-lru/v2/expirable", Name: "LRU", Bounded: true, Safe: true, Methods: lruMethods},
	{Pkg: "github.com/hashicorp/golang-lru/v2/simplelru", Name: "LRU", Bounded: true, Methods: lruMethods},
	{Pkg: "github.com/dgraph-io/ristretto", Name: "Cache", Bounded: true, Safe: true, Methods: ristrettoMethods},
	{Pkg: "github.com/dgraph-io/ristretto/v2", Name: "Cache", Bounded: true, Safe: true, Methods: ristrettoMethods},
	{Pkg: "github.com/patrickmn/go-cache", Name: "Cache", Bounded: true, Safe: true, Methods: map[string]Method{
		"Get": {OpGet, 0}, "Set": {OpSet, 1}, "SetDefault": {OpSet, 1}, "Add": {OpSet, 1}, "Replace": {OpSet, 1},
		"Delete": {OpDelete, 0}, "Flush": {OpPurge, 0},
	}},
	{Pkg: "github.com/zeromicro/go-zero/core/collection", Name: "Cache", Bounded: true, Safe: true, Methods: map[string]Method{
		"Get": {OpGet, 0}, "Set": {OpSet, 1}, "SetWithExpire": {OpSet, 1}, "Take": {OpGet, 0}, "Del": {OpDelete, 0},
	}},
	{Pkg: "github.com/jellydator/ttlcache/v3", Name: "Cache", Bounded: true, Safe: true, Methods: ttlcacheMethods},
	{Pkg: "github.com/maypok86/otter", Name: "Cache", Bounded: true, Safe: true, Methods: otterMethods},
	// Not a cache, but its callers share one result the same way: a caller
	// that changes what Do returned changes it for every other caller.
	{Pkg: "golang.org/x/sync/singleflight", Name: "Group", Bounded: true, Safe: true, Methods: singleflightMethods},
	{Pkg: "github.com/allegro/bigcache", Name: "BigCache", Bounded: true, Copies: true, Safe: true, Methods: copyingMethods},
	{Pkg: "github.com/allegro/bigcache/v3", Name: "BigCache", Bounded: true, Copies: true, Safe: true, Methods: copyingMethods},
	{Pkg: "github.com/coocood/freecache", Name: "Cache", Bounded: true, Copies: true, Safe: true, Methods: copyingMethods},
}

// EntryValues lists the methods of a cache library's entry type that return
// the stored value itself: ttlcache's Get returns an *Item, and Value() is
// what the cache holds.
var EntryValues = []typesutil.Func{
	{Pkg: "github.com/jellydator/ttlcache/v3", Recv: "Item", Name: "Value"},
}

// IsEntryValue reports whether fn is one of EntryValues.
func IsEntryValue(fn *types.Func) bool {
	for _, e := range EntryValues {
		if e.Match(fn) {
			return true
		}
	}
	return false
}

// SnapshotTypes are the sync/atomic types that publish a value for readers
// that take no lock: the copy-on-write idiom keeps a snapshot in one, and a
// new snapshot replaces it whole (Store), so a loaded value is shared by
// every reader and must never be changed in place.
var SnapshotTypes = []struct{ Pkg, Name string }{
	{"sync/atomic", "Value"}, {"sync/atomic", "Pointer"},
}

// IsSnapshotType reports whether t (or *t) is one of SnapshotTypes.
func IsSnapshotType(t types.Type) bool {
	pkg, name, ok := namedOf(t)
	if !ok {
		return false
	}
	for _, s := range SnapshotTypes {
		if s.Pkg == pkg && s.Name == name {
			return true
		}
	}
	return false
}

// namedOf returns the package path and name of the named type t or *t.
func namedOf(t types.Type) (pkg, name string, ok bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", "", false
	}
	return n.Obj().Pkg().Path(), n.Obj().Name(), true
}

// InformerListerPrefix is the package prefix of client-go's generated listers:
// every Get and List they return points into the shared informer cache, which
// its users must never modify.
const InformerListerPrefix = "k8s.io/client-go/listers/"

// LookupType returns the cache library entry for t (or *t), if any.
func LookupType(t types.Type) (*CacheType, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil, false
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	for i := range CacheTypes {
		if CacheTypes[i].Pkg == path && CacheTypes[i].Name == name {
			return &CacheTypes[i], true
		}
	}
	return nil, false
}

// LookupMethod returns the cache type and method entry for a method of a
// known cache type.
func LookupMethod(fn *types.Func) (*CacheType, Method, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil, Method{}, false
	}
	ct, ok := LookupType(sig.Recv().Type())
	if !ok {
		return nil, Method{}, false
	}
	m, ok := ct.Methods[fn.Name()]
	return ct, m, ok
}

// IsListerRead reports whether fn is a Get or List method of a client-go
// lister, whose results alias the informer cache.
func IsListerRead(fn *types.Func) bool {
	if fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), InformerListerPrefix) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && (fn.Name() == "Get" || fn.Name() == "List")
}

// InPlace lists functions that modify the slice or map passed as argument Arg.
var InPlace = []struct {
	typesutil.Func
	Arg int
}{
	{typesutil.Func{Pkg: "sort", Name: "Strings"}, 0}, {typesutil.Func{Pkg: "sort", Name: "Ints"}, 0}, {typesutil.Func{Pkg: "sort", Name: "Float64s"}, 0},
	{typesutil.Func{Pkg: "sort", Name: "Slice"}, 0}, {typesutil.Func{Pkg: "sort", Name: "SliceStable"}, 0}, {typesutil.Func{Pkg: "sort", Name: "Sort"}, 0}, {typesutil.Func{Pkg: "sort", Name: "Stable"}, 0},
	{typesutil.Func{Pkg: "slices", Name: "Sort"}, 0}, {typesutil.Func{Pkg: "slices", Name: "SortFunc"}, 0}, {typesutil.Func{Pkg: "slices", Name: "SortStableFunc"}, 0}, {typesutil.Func{Pkg: "slices", Name: "Reverse"}, 0},
	{typesutil.Func{Pkg: "maps", Name: "Copy"}, 0}, {typesutil.Func{Pkg: "maps", Name: "DeleteFunc"}, 0},
	// "This re-orders the input slice" (NewSetWithSortableFiltered, which
	// the others call with the same slice).
	{typesutil.Func{Pkg: "go.opentelemetry.io/otel/attribute", Name: "NewSet"}, 0},
	{typesutil.Func{Pkg: "go.opentelemetry.io/otel/attribute", Name: "NewSetWithFiltered"}, 0},
	{typesutil.Func{Pkg: "go.opentelemetry.io/otel/attribute", Name: "NewSetWithSortable"}, 0},
	{typesutil.Func{Pkg: "go.opentelemetry.io/otel/attribute", Name: "NewSetWithSortableFiltered"}, 0},
}

// ModifiesArg returns the index of the argument fn modifies in place, or -1.
func ModifiesArg(fn *types.Func) int {
	for _, f := range InPlace {
		if f.Match(fn) {
			return f.Arg
		}
	}
	return -1
}

// CloneFuncs lists the functions that return a shallow copy of their first
// argument; the fix for an alias wraps the value in one of the first two.
// A call to any function without a "returns cached data" fact already counts
// as a copy, so this table serves the fixes and the documentation.
var CloneFuncs = []typesutil.Func{
	{Pkg: "slices", Name: "Clone"}, {Pkg: "maps", Name: "Clone"}, {Pkg: "bytes", Name: "Clone"},
	{Pkg: "golang.org/x/exp/slices", Name: "Clone"}, {Pkg: "golang.org/x/exp/maps", Name: "Clone"},
	{Pkg: "google.golang.org/protobuf/proto", Name: "Clone"}, {Pkg: "github.com/golang/protobuf/proto", Name: "Clone"},
}
