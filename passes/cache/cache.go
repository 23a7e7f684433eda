// Package cache is a shared building block that finds a package's caches and
// summarizes, per function, what flows out of them and which data sources a
// function reads and writes. It reports nothing.
//
// A cache is decided from shape and use, never from names: a map, sync.Map
// or well-known cache library value kept in a struct field or package
// variable that some function reads and, on the same path, fills with a
// value it computed (not one its caller handed in: that is a registry). A
// value of a cache library type (internal/knowledge/caches) is a cache by
// type, and so is a singleflight.Group, whose one result every caller
// shares.
//
// An atomic.Value or atomic.Pointer in a field or package variable holds a
// snapshot published for readers that take no lock (copy on write). It is
// not a cache: handing the snapshot out is the point. What Load returns is
// followed separately (Func.Snapshots), so that a write into it in place can
// be told from a read.
//
// Three facts carry the model across packages:
//
//   - ReturnsCached on a function whose results (by index) are data read
//     from a cache without a copy, so that code in an importing package that
//     writes through such a result is known to modify the cached copy;
//   - ReturnsSnapshot on a function whose results are a snapshot loaded from
//     an atomic.Value or atomic.Pointer, for the same reason;
//   - Source on a function that reads or writes database tables (directly
//     through database/sql or a known wrapper with a constant query, or
//     through functions with this fact), with the parameters that flow into
//     the query's arguments, so that a repository in one package and the
//     cache that holds its rows in another are connected.
package cache

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/runner"
)

// Analyzer finds caches and exports ReturnsCached and Source facts.
var Analyzer = &analysis.Analyzer{
	Name:       "cache",
	Doc:        "find caches, the functions that return cached data and the functions that read or write data sources",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*ReturnsCached)(nil), (*ReturnsSnapshot)(nil), (*Source)(nil)},
	Run:        runner.Recover(run),
}

// ReturnsCached marks a function whose results with these indices are data
// read from a cache (or stored into one) without a copy.
type ReturnsCached struct {
	Results []int
	// Unless, when set, holds for each of Results the index of the boolean
	// parameter (the receiver counting as 0) that, when true, makes the
	// function copy that result, or -1.
	Unless []int
}

// AFact marks ReturnsCached as a fact.
func (*ReturnsCached) AFact() {}

func (f *ReturnsCached) String() string { return fmt.Sprintf("returnsCached%v", f.Results) }

// ReturnsSnapshot marks a function whose results with these indices are a
// snapshot loaded from an atomic.Value or atomic.Pointer (or data inside
// one), shared by every reader.
type ReturnsSnapshot struct{ Results []int }

// AFact marks ReturnsSnapshot as a fact.
func (*ReturnsSnapshot) AFact() {}

func (f *ReturnsSnapshot) String() string { return fmt.Sprintf("returnsSnapshot%v", f.Results) }

// Source marks a function that reads or writes database tables: Writes
// change existing rows (UPDATE, DELETE), Inserts add rows. Keys are the
// indices (receiver excluded) of the parameters that flow into the queries'
// arguments.
type Source struct {
	Reads, Writes, Inserts []string
	Keys                   []int
}

// AFact marks Source as a fact.
func (*Source) AFact() {}

func (f *Source) String() string {
	ins := ""
	if len(f.Inserts) > 0 {
		ins = " inserts=" + strings.Join(f.Inserts, ",")
	}
	return fmt.Sprintf("source(reads=%s writes=%s%s keys=%v)", strings.Join(f.Reads, ","), strings.Join(f.Writes, ","), ins, f.Keys)
}

func (f *Source) clone() *Source {
	return &Source{Reads: slices.Clone(f.Reads), Writes: slices.Clone(f.Writes), Inserts: slices.Clone(f.Inserts), Keys: slices.Clone(f.Keys)}
}

func (f *Source) empty() bool { return len(f.Reads) == 0 && len(f.Writes) == 0 && len(f.Inserts) == 0 }

// Result is the pass's result for one package.
type Result struct {
	ssa *buildssa.SSA
	// Storages holds every map, sync.Map, cache-library value or atomic
	// snapshot kept in a field or package variable that the package
	// accesses, cache or not.
	Storages map[*types.Var]*Storage
	// Funcs holds the per-function summaries.
	Funcs map[*ssa.Function]*Func

	pass      *analysis.Pass
	returns   map[*types.Func][]int
	unless    map[*types.Func]map[int]int // result index to clone-flag parameter index
	snapshots map[*types.Func][]int
	sources   map[*types.Func]*Source
	byObject  map[*types.Func]*ssa.Function
	// perRequest holds the types the package keeps on a request's context.
	perRequest map[*types.TypeName]bool
}

// Func summarizes one function of the package.
type Func struct {
	Fn       *ssa.Function
	Accesses []*Access
	// Cached maps each value that holds data read from (or stored into) a
	// cache to where that data comes from.
	Cached map[ssa.Value]*Origin
	// Snapshots maps each value that holds a snapshot loaded from an
	// atomic.Value or atomic.Pointer (or data inside it) to where it comes
	// from: the storage it is loaded from here, or the function whose
	// ReturnsSnapshot fact applies. A value stored there is not marked: the
	// copy on write changes the new value before it publishes it.
	Snapshots map[ssa.Value]*Origin
	// SourceOps are the reads and writes of data sources in this function.
	SourceOps []*SourceOp
	// Source summarizes SourceOps and the callees' Source facts.
	Source Source
	// Callees are the package's functions this one calls statically, and
	// Calls the calls themselves, in the same order.
	Callees []*ssa.Function
	Calls   []*ssa.CallCommon
}

// Origin says where a cached value comes from.
type Origin struct {
	Storage *Storage    // the cache read or written in this function, if any
	Callee  *types.Func // the function whose ReturnsCached fact applies, if any
	Lister  bool        // a client-go lister read
	Whole   bool        // the cache's map itself, not an entry
	Stored  bool        // the value was stored into the cache here
	Access  *Access     // the read or write, when Storage is set
	// Unless is set when the value is cached data only while this boolean
	// parameter is false: a clone flag (if clone { v = bytes.Clone(v) }).
	Unless *ssa.Parameter
}

// ReturnsSnapshotOf returns the result indices of fn that return a
// snapshot, from this package's analysis or from an imported fact.
func (r *Result) ReturnsSnapshotOf(fn *types.Func) []int {
	var f ReturnsSnapshot
	return r.resultsOf(fn, r.snapshots, &f, func() []int { return f.Results })
}

// FuncFor returns the package's SSA function for a declared function.
func (r *Result) FuncFor(obj *types.Func) *ssa.Function { return r.byObject[obj] }

// ReturnsCachedOf returns the result indices of fn that return cached data,
// from this package's analysis or from an imported fact.
func (r *Result) ReturnsCachedOf(fn *types.Func) []int {
	var f ReturnsCached
	return r.resultsOf(fn, r.returns, &f, func() []int { return f.Results })
}

// resultsOf reads a result-index summary of fn: this package's own, or the
// fact another package exported, read into fact.
func (r *Result) resultsOf(fn *types.Func, local map[*types.Func][]int, fact analysis.Fact, results func() []int) []int {
	fn = fn.Origin()
	if idx, ok := local[fn]; ok {
		return slices.Clone(idx)
	}
	if fn.Pkg() == r.pass.Pkg || !r.pass.ImportObjectFact(fn, fact) {
		return nil
	}
	return results()
}

// SourceOf returns the Source summary of fn, or nil.
func (r *Result) SourceOf(fn *types.Func) *Source {
	fn = fn.Origin()
	if s, ok := r.sources[fn]; ok {
		return s.clone()
	}
	if fn.Pkg() == r.pass.Pkg {
		return nil
	}
	var f Source
	if r.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	s := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		ssa: s, pass: pass,
		Storages: map[*types.Var]*Storage{}, Funcs: map[*ssa.Function]*Func{},
		returns: map[*types.Func][]int{}, unless: map[*types.Func]map[int]int{}, snapshots: map[*types.Func][]int{}, sources: map[*types.Func]*Source{}, byObject: map[*types.Func]*ssa.Function{}, perRequest: map[*types.TypeName]bool{},
	}
	for _, fn := range s.SrcFuncs {
		r.Funcs[fn] = &Func{Fn: fn}
		if obj, ok := fn.Object().(*types.Func); ok {
			r.byObject[obj] = fn
		}
	}
	for _, fn := range s.SrcFuncs {
		r.scanAccesses(r.Funcs[fn])
	}
	r.decideCaches()
	r.fixpoint(r.flowCached)
	r.fixpoint(r.summarizeSources)
	r.exportFacts()
	return r, nil
}

// maxRounds bounds fixpoint: a package's call chains rarely pass a summary
// through more than a few callers, and a cycle must not spin forever.
const maxRounds = 10

// fixpoint runs step over every function until no summary changes: the
// package's own call graph carries summaries from callees to callers.
func (r *Result) fixpoint(step func(*Func) bool) {
	for range maxRounds {
		changed := false
		for _, fn := range r.ssa.SrcFuncs {
			if step(r.Funcs[fn]) {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

func (r *Result) exportFacts() {
	for obj, idx := range r.returns {
		if len(idx) > 0 && obj.Pkg() == r.pass.Pkg {
			r.pass.ExportObjectFact(obj, &ReturnsCached{Results: slices.Clone(idx), Unless: r.unlessList(obj, idx)})
		}
	}
	for obj, idx := range r.snapshots {
		if len(idx) > 0 && obj.Pkg() == r.pass.Pkg {
			r.pass.ExportObjectFact(obj, &ReturnsSnapshot{Results: slices.Clone(idx)})
		}
	}
	for obj, s := range r.sources {
		if !s.empty() && obj.Pkg() == r.pass.Pkg {
			r.pass.ExportObjectFact(obj, s)
		}
	}
}
