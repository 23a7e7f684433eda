// Package concurrency is a shared building block: it finds where a package
// starts goroutines, which of its functions a framework invokes concurrently
// (HTTP, gRPC, gin, echo, fiber, fasthttp handlers; message consumers), and
// which functions therefore may run concurrently with themselves or with
// their spawner. It reports nothing.
//
// Across packages it exports one fact, SpawnsArg, on functions that start a
// goroutine running one of their function parameters (helpers such as
// safe.Go(f)), so that a call to such a helper in an importing package is a
// spawn site there too.
//
// The analysis is syntactic plus types: it needs no SSA, so checks that only
// want spawn sites or entry points do not pay for building it.
package concurrency

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/runner"
)

// Analyzer computes the Result for a package.
var Analyzer = &analysis.Analyzer{
	Name:       "concurrency",
	Doc:        "find goroutine spawn sites, framework entry points and functions that run concurrently",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*SpawnsArg)(nil), (*AcceptSpawner)(nil)},
	Run:        runner.Recover(run),
}

// SpawnsArg is attached to a function that runs its function-typed
// parameters with the given indices in a new goroutine. Joined is set when
// it also waits for those goroutines before it returns (a ForEach that fans
// out and waits): its caller continues only after they end.
type SpawnsArg struct {
	Params []int
	Joined bool
}

// AFact marks SpawnsArg as a fact.
func (*SpawnsArg) AFact() {}

func (f *SpawnsArg) String() string {
	if f.Joined {
		return fmt.Sprintf("spawnsArg%v joined", f.Params)
	}
	return fmt.Sprintf("spawnsArg%v", f.Params)
}

// Spawn is one place that starts a goroutine.
type Spawn struct {
	Node ast.Node      // the *ast.GoStmt, or the *ast.CallExpr of a spawner
	Call *ast.CallExpr // for a go statement, its call; for a spawner, the spawner call
	Kind kc.SpawnKind
	// Body is the started function's syntax when the package has it (nil for
	// a function declared without a body, such as an assembly stub): the
	// *ast.FuncLit, or the *ast.FuncDecl of a started function or method.
	Body ast.Node
	// Fn is the started function when it is named (go s.worker()), else nil.
	Fn *types.Func
	// Recv is the receiver expression of a spawner method (the errgroup, the
	// WaitGroup), nil for go statements and plain functions.
	Recv ast.Expr
	// Joined is set for a spawner call that returns only after the
	// goroutine ends (a wrapper that waits for what it starts).
	Joined bool
	// Awaited is set when the function that starts the goroutine calls a
	// joiner (WaitGroup.Wait, errgroup's Wait) after it, before any return
	// that follows: the call does not outlive what it starts.
	Awaited bool
	// Loop is the innermost for or range statement around the spawn within
	// the same function, nil when the spawn is not in a loop.
	Loop ast.Stmt
	// Encl is the *ast.FuncDecl or *ast.FuncLit containing the spawn.
	Encl ast.Node

	fun  ast.Expr      // the started function expression
	decl *ast.FuncDecl // the top-level declaration containing the spawn
}

// Fun is the expression of the started function: the go statement's callee,
// or the spawner's function argument.
func (s *Spawn) Fun() ast.Expr { return s.fun }

// Entry is a function that a framework calls concurrently.
type Entry struct {
	Node ast.Node // *ast.FuncDecl or *ast.FuncLit
	Kind kc.EntryKind
	// implements is set for a method found as the implementation of a
	// framework interface, which the framework receives through it.
	implements bool
}

// Reason says why a function may run concurrently.
type Reason struct {
	Spawn *Spawn    // set when the function is (called from) a goroutine body
	Entry *Entry    // set when it is (called from) a framework entry point
	Via   token.Pos // the call that carried concurrency into it, NoPos when direct
}

// Result is the pass's result for one package.
type Result struct {
	Spawns []*Spawn
	// Entries are the framework entry points handed to their framework;
	// functions merely shaped like handlers are left out.
	Entries []*Entry
	// AcceptSpawners are the package's functions with an AcceptSpawner
	// fact; AcceptSpawnerOf answers for other packages' too.
	AcceptSpawners map[*types.Func]*AcceptSpawner

	pass *analysis.Pass

	decls      map[*types.Func]*ast.FuncDecl
	concurrent map[ast.Node]*Reason
}

// Concurrent reports why fn (an *ast.FuncDecl or *ast.FuncLit of this
// package) may run concurrently, or nil when nothing says it does. A function
// literal nested in a concurrent function inherits its reason.
func (r *Result) Concurrent(fn ast.Node) *Reason {
	return r.concurrent[fn]
}

// Decl returns the declaration of a function or method of this package.
func (r *Result) Decl(fn *types.Func) *ast.FuncDecl {
	return r.decls[fn]
}

func run(pass *analysis.Pass) (any, error) {
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := &Result{decls: map[*types.Func]*ast.FuncDecl{}, concurrent: map[ast.Node]*Reason{}, pass: pass}
	for n := range in.PreorderSeq((*ast.FuncDecl)(nil)) {
		d := n.(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
			r.decls[fn] = d
		}
	}
	findSpawns(pass, in, r, directSpawner, true)
	wrappers := wrappersOf(pass, in, r)
	findSpawns(pass, in, r, wrapperSpawner(pass, wrappers), false)
	findAcceptSpawners(pass, r)
	findEntries(pass, r)
	keepRegistered(pass, r)
	propagate(pass, r)
	for fn, f := range wrappers {
		pass.ExportObjectFact(fn, f)
	}
	return r, nil
}
