// Package lockset is a shared building block on SSA: for every function of a
// package it computes the locks certainly held at each point, the memory the
// function reads and writes (fields, package variables, and the contents of
// maps and slices held in them), the goroutines it starts, and the
// synchronization it performs (channel sends, receives and closes,
// WaitGroup Done and Wait). It reports nothing.
//
// Locks are named by Path, a root (a parameter, a free variable, a package
// variable, or a value local to the function) and the field selections from
// it, so aliases and copies of a receiver (p := s; m := &s.mu) name the same
// lock. Lock sets are must-sets: at a join a lock is held only if every path
// into it holds it; a deferred Unlock keeps the lock held to the end of the
// function; a call that never returns (os.Exit, log.Fatal, t.Fatal, and the
// functions ctrlflow proves never return) ends its path.
//
// Functions are summarized bottom-up: a call of a function of the package
// contributes the callee's accesses, goroutines and synchronization to the
// caller, translated to the caller's arguments and under the caller's locks,
// so a helper that runs with its caller's lock held is seen to run under it.
// A call through an interface or a function value contributes nothing: it is
// not presumed to synchronize anything. Across packages, Effect facts carry
// what an exported function leaves acquired or released on its parameters
// (lock helpers such as func (s *S) lock()).
package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/noreturn"
)

// Analyzer computes the Result and the Effect facts of a package.
var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "compute the locks held, memory accessed, goroutines started and synchronization of each function, on SSA",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, concurrency.Analyzer, noreturn.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Effect)(nil), (*GuardedBy)(nil), (*CalledUnder)(nil)},
	Run:        runner.Recover(run),
}

// Kind is how an access touches memory.
type Kind uint8

// The access kinds. A field holding a map or slice is read to reach its
// contents, so a content access also counts as a read of the field.
const (
	Read         Kind = iota + 1 // a load of a field or package variable
	Write                        // a store to one
	ContentRead                  // a map lookup, range or len; a slice element load
	ContentWrite                 // a map update, delete or clear; a slice element store
)

func (k Kind) String() string {
	return [...]string{"", "read", "write", "content-read", "content-write"}[k]
}

// IsWrite reports whether k changes memory.
func (k Kind) IsWrite() bool { return k == Write || k == ContentWrite }

// Access is a read or write of a field (of a struct of any package) or a
// package variable, or of the contents of a map or slice held in one.
type Access struct {
	Path  Path       // the field or variable accessed, from the analyzed function's roots
	Field *types.Var // the field or package variable
	Kind  Kind
	// Map is set on content accesses of a map, clear for slices.
	Map    bool
	Atomic bool // through sync/atomic
	// Snapshot is set on a map's contents read through the map loaded from
	// the field under a lock no longer held (m := s.subs; unlock; range m):
	// the same map, unless the package only ever replaces it.
	Snapshot bool
	// Init is set on a write made only after a field of the same object
	// was tested against a constant: a lazy initialization.
	Init bool
	Held Set // locks held, from the analyzed function's roots
	// Waits are the channels received from, WaitGroups waited on and
	// locks released, on every path, before the access: Exclusive when the
	// access's own function did it, Shared when a function it called did.
	Waits Set
	Pos   token.Pos     // where the access is written
	Fn    *ssa.Function // the function it is written in
	// Instr is the instruction of the analyzed function that makes the
	// access: the access itself, or the call that leads to it.
	Instr ssa.Instruction
	// Chain is the path of instructions from the analyzed function to the
	// access: the calls, then the access itself. Its first is Instr.
	Chain *Chain
	Depth int // calls between the analyzed function and the access
}

// Spawn is a goroutine that a function starts, directly or through a callee.
type Spawn struct {
	Pos token.Pos     // the go statement or spawner call
	Fn  *ssa.Function // the function started
	// Accesses and Syncs are the goroutine's, from the analyzed function's
	// roots; its own locks start empty.
	Accesses []*Access
	Syncs    []*Sync
	Acquires []*Acquire
	Held     Set             // locks held where it starts
	Instr    ssa.Instruction // as in Access
	Chain    *Chain          // as in Access, ending at the go statement
	Loop     bool            // started in a loop: several may run at once
	// Joined is set when the spawner waits for the goroutine before it
	// returns: what follows the spawner call comes after the goroutine.
	Joined bool
	Depth  int // calls between the analyzed function and the start
}

// SyncOp is a synchronizing operation.
type SyncOp uint8

// The synchronizing operations.
const (
	Send SyncOp = iota + 1
	Recv
	Close
	Done // WaitGroup.Done
	Wait // WaitGroup or errgroup Wait
	// Publish is an atomic store of a non-zero value (ready.Store(true)):
	// what was written before it is visible to whoever loads that value.
	Publish
)

// Sync is a synchronizing operation on a channel, a WaitGroup or an atomic
// flag.
type Sync struct {
	Op    SyncOp
	Path  Path
	Pos   token.Pos
	Instr ssa.Instruction
	Chain *Chain // as in Access
	Held  Set
	Waits Set // as in Access
	// Blocking is set for an operation that waits until its partner comes:
	// a receive, send or Wait outside a select.
	Blocking bool
	// Deferred is set for an operation a defer makes at return.
	Deferred bool
	// Checked is set when the operation is made on only one outcome of a
	// test of a field of the channel's object against a constant (if
	// s.closed { return }).
	Checked bool
	Depth   int // calls between the analyzed function and the operation
}

// Summary is what a function does, from its own roots.
type Summary struct {
	Fn       *ssa.Function
	Accesses []*Access
	Spawns   []*Spawn
	Syncs    []*Sync
	// Exit is the lock state at return, with Released for the locks it
	// released without acquiring; ExitWaits what it waited on on every path.
	Exit, ExitWaits Set
	// MayWaits are the blocking waits it or a callee makes on some path.
	MayWaits Set
	// Calls are the calls of the package's functions, with the locks held.
	Calls []*Call
	// Returns reports whether some path returns; a function that cannot
	// return ends its caller's path.
	Returns bool
	// ParamCalls maps the index of each function parameter the function
	// calls to the locks held at every such call.
	ParamCalls map[int]Set
	// VarCalls are its calls through package-level function variables.
	VarCalls      []*VarCall
	lightVarCalls map[*ssa.Call]*VarCall
	// Acquires are the locks the function takes, itself or in its callees.
	Acquires []*Acquire
	// Relocks are the places where it takes a lock it already holds.
	Relocks []*Relock
	// Handed are the locks it is entered holding: it releases them without
	// taking them, so its caller took them.
	Handed Set
	// Returned holds, for each return, the locks certainly held once the
	// deferred calls have run.
	Returned []*Return
}

// Return is one return of a function and the locks it leaves held.
type Return struct {
	Ret  *ssa.Return
	Held Set
}

// Acquire is a Lock or RLock call.
type Acquire struct {
	Path  Path
	Mode  Mode
	Pos   token.Pos
	Held  Set // locks held just before, from the analyzed function's roots
	Chain *Chain
	Depth int
	// Always is set when every path through the analyzed function that
	// returns makes this acquisition.
	Always bool
}

// Relock is a lock taken while it is held: a deadlock for a Mutex, a
// possible one for an RWMutex whose read lock is taken twice while a writer
// waits in between.
type Relock struct {
	Lock  Path
	Held  Mode      // how the lock was already held
	Mode  Mode      // how it is taken again
	Pos   token.Pos // the Lock call, or the call that leads to it
	Inner token.Pos // the Lock call inside the callee, when through a call
	Chain *Chain
}

// Call is a static call of a function of the package.
type Call struct {
	Instr  ssa.CallInstruction
	Callee *ssa.Function
	Held   Set
}

// Chain is a list of instructions: calls, from the analyzed function down,
// then the instruction they lead to. Chains share their tails.
type Chain struct {
	Instr ssa.Instruction
	Next  *Chain
}

// Effect is the fact of an exported function that leaves locks of its
// parameters acquired or released: paths like "0.mu" (parameter 0, field
// mu), prefixed with R for a read lock.
type Effect struct {
	Acquires []string
	Releases []string
}

// AFact marks Effect as a fact.
func (*Effect) AFact() {}

func (e *Effect) String() string {
	return fmt.Sprintf("acquires%v releases%v", e.Acquires, e.Releases)
}

// Result answers for the package's functions.
type Result struct {
	ssa *buildssa.SSA

	mu sync.Mutex // guards everything below that is computed lazily

	pass     *analysis.Pass
	conc     *concurrency.Result
	never    *noreturn.Result
	spawnAt  map[token.Pos]*concurrency.Spawn
	sums     map[*ssa.Function]*Summary
	inflight map[*ssa.Function]bool
	// lightSums are the light summaries: exit states only.
	lightSums     map[*ssa.Function]*Summary
	lightInflight map[*ssa.Function]bool
	contexts      []*Context
	handlerSet    map[*ssa.Function]bool
	sites         map[*types.Var][]*Site
	inPlace       map[*types.Var]bool
	children      map[*Context][]*Context // see goroutinesOf
	guards        map[*types.Var]*Guard
	freshFuncs    map[*ssa.Function]bool
	calledUnder   map[*types.Var]CalledUnder
	sole          map[*types.Var]types.Type      // see soleTypes
	bound         map[*types.Var][]*ssa.Function // see boundFields
}

// Summary returns fn's summary, computing it (and its callees') on first
// use. It is a copy: its slices and sets are shared and must not be changed.
// The checks that read a Result run at once, so its lazily computed parts
// are behind a mutex.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.summary(fn)
	c := *s
	return &c
}

func (r *Result) summary(fn *ssa.Function) *Summary {
	return r.summaryIn(fn, false)
}

// effect returns fn's light summary: its exit state and whether it returns,
// without the accesses, goroutines and synchronization a full one records,
// which is all a lock-effect fact needs.
func (r *Result) effect(fn *ssa.Function) *Summary {
	if s := r.sums[fn]; s != nil {
		return s // a full summary serves as well
	}
	return r.summaryIn(fn, true)
}

func (r *Result) summaryIn(fn *ssa.Function, light bool) *Summary {
	memo, inflight := r.sums, r.inflight
	if light {
		memo, inflight = r.lightSums, r.lightInflight
	}
	if s := memo[fn]; s != nil {
		return s
	}
	if inflight[fn] {
		return &Summary{Fn: fn, Returns: true} // recursion: what is known so far is nothing
	}
	inflight[fn] = true
	s := analyze(r, fn, light)
	delete(inflight, fn)
	memo[fn] = s
	return s
}

// Func returns the SSA function of a declared function or method.
func (r *Result) Func(obj *types.Func) *ssa.Function {
	return r.ssa.Pkg.Prog.FuncValue(obj)
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		ssa:           pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		pass:          pass,
		conc:          pass.ResultOf[concurrency.Analyzer].(*concurrency.Result),
		never:         pass.ResultOf[noreturn.Analyzer].(*noreturn.Result),
		spawnAt:       map[token.Pos]*concurrency.Spawn{},
		sums:          map[*ssa.Function]*Summary{},
		inflight:      map[*ssa.Function]bool{},
		lightSums:     map[*ssa.Function]*Summary{},
		lightInflight: map[*ssa.Function]bool{},
		freshFuncs:    map[*ssa.Function]bool{},
	}
	for _, s := range r.conc.Spawns {
		r.spawnAt[spawnPos(s)] = s
	}
	for _, fn := range r.ssa.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || fn.Signature.Recv() == nil && fn.Parent() != nil {
			continue
		}
		if e := effectOf(r.effect(fn)); e != nil {
			pass.ExportObjectFact(obj, e)
		}
	}
	r.exportGuards()
	r.exportVarCalls()
	return r, nil
}

// effectOf renders a summary's exit state on parameters as a fact.
func effectOf(s *Summary) *Effect {
	var e Effect
	for p, m := range s.Exit {
		if p.Root.Kind != Param {
			continue
		}
		key := itoa(p.Root.Index) + p.Steps
		switch m {
		case Released:
			e.Releases = append(e.Releases, key)
		case Shared:
			e.Acquires = append(e.Acquires, "R"+key)
		case Exclusive:
			e.Acquires = append(e.Acquires, key)
		}
	}
	if len(e.Acquires) == 0 && len(e.Releases) == 0 {
		return nil
	}
	// Sorted, so that the fact's encoding is the same on every run.
	slices.Sort(e.Acquires)
	slices.Sort(e.Releases)
	return &e
}

// importedEffect returns the exit state a call of an imported function
// leaves on its parameters, from its fact.
func (r *Result) importedEffect(fn *types.Func) Set {
	var e Effect
	if fn.Pkg() == r.pass.Pkg || !r.pass.ImportObjectFact(fn, &e) {
		return nil
	}
	out := Set{}
	params := fn.Signature().Params()
	add := func(key string, m Mode) {
		if strings.HasPrefix(key, "R") {
			key, m = key[1:], Shared
		}
		i := strings.IndexAny(key, ".[")
		if i < 0 {
			i = len(key)
		}
		n := 0
		for _, c := range key[:i] {
			n = n*10 + int(c-'0')
		}
		var t types.Type
		if recv := fn.Signature().Recv(); recv != nil {
			if n == 0 {
				t = recv.Type()
			} else if n-1 < params.Len() {
				t = params.At(n - 1).Type()
			}
		} else if n < params.Len() {
			t = params.At(n).Type()
		}
		out[Path{Root: Root{Kind: Param, Index: n}, Steps: key[i:], Last: lastField(t, fn.Pkg(), key[i:])}] = m
	}
	for _, k := range e.Acquires {
		add(k, Exclusive)
	}
	for _, k := range e.Releases {
		add(k, Released)
	}
	return out
}

func spawnPos(s *concurrency.Spawn) token.Pos {
	if g, ok := s.Node.(*ast.GoStmt); ok {
		return g.Go // SSA's Go instruction is at the keyword
	}
	if s.Call != nil {
		return s.Call.Lparen
	}
	return token.NoPos
}

// lastField follows the field names of steps from t, through pointers, and
// returns the last one's field.
func lastField(t types.Type, pkg *types.Package, steps string) *types.Var {
	var last *types.Var
	for _, name := range strings.Split(steps, ".")[1:] {
		if t == nil || strings.Contains(name, "[") {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
		v, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		last, t = v, v.Type()
	}
	return last
}
