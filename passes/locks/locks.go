// Package locks is a shared building block: it computes the set of locks
// held before each statement of a package's functions, and records every
// access to a struct field or package variable with the locks held there. It
// reports nothing. Which mutex guards a field is passes/lockset's to say.
//
// Lock sets are must-sets computed over the syntax tree: at a join (after an
// if, a switch, a loop) a lock is held only if it is held on every path that
// reaches it; a branch that returns, panics or jumps does not join. A
// deferred Unlock keeps the lock held to the end of the function. Function
// literals start with the locks held where they appear, except those started
// as goroutines or deferred, which start with none.
//
// Across packages it exports Summary on functions that acquire or release a
// lock of their receiver without undoing it (lock helpers such as
// func (s *S) lock() { s.mu.Lock() }).
package locks

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/noreturn"
)

// summaryRounds lets a helper calling a helper be summarized whatever the
// order of their declarations.
const summaryRounds = 2

// Analyzer computes the Result for a package.
var Analyzer = &analysis.Analyzer{
	Name:       "locks",
	Doc:        "compute the locks held at each statement and the fields each mutex guards",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, concurrency.Analyzer, noreturn.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Summary)(nil)},
	Run:        runner.Recover(run),
}

// Mode is how a lock is held.
type Mode uint8

// The lock modes.
const (
	Shared    Mode = 1 // RLock
	Exclusive Mode = 2 // Lock
)

// Ref names a memory location syntactically: a root variable and a path of
// field names from it (".mu", ".cache.mu"), through implicit embedded fields
// and pointer indirections. Two equal Refs in one function denote the same
// location as long as the root is not reassigned.
type Ref struct {
	Root types.Object
	Path string
}

func (r Ref) String() string { return r.Root.Name() + r.Path }

// Set is a set of held locks. Sets are never modified after being recorded.
type Set map[Ref]Mode

// Has reports whether lock is held in at least mode.
func (s Set) Has(lock Ref, mode Mode) bool { return s[lock] >= mode }

// Access is a read or write of a struct field or of a package variable.
type Access struct {
	Node  ast.Expr   // the *ast.SelectorExpr or *ast.Ident
	Ref   Ref        // the location accessed
	Var   *types.Var // the field, or the package variable
	Write bool
	Held  Set
	Fn    ast.Node // the enclosing *ast.FuncDecl or *ast.FuncLit
	// Fresh is set when the root is a local variable of the enclosing
	// function: an object under construction or a per-call copy, not
	// (yet) shared.
	Fresh bool
}

// Result is the pass's result for one package.
type Result struct {
	Accesses []*Access

	before     map[ast.Stmt]Set
	calledHeld map[*types.Func]bool
	never      *noreturn.Result
}

// Before returns the locks held just before s executes, nil when s was not
// analyzed (it is in a generated file or unreachable syntax).
func (r *Result) Before(s ast.Stmt) Set { return r.before[s] }

// CalledWithLock reports whether some static call of fn in this package is
// made with a lock held: fn is then a helper that expects its caller to lock.
func (r *Result) CalledWithLock(fn *types.Func) bool { return r.calledHeld[fn] }

// Summary is attached to a function that leaves locks of its receiver
// acquired or released when it returns.
type Summary struct {
	Acquires []string // paths from the receiver, "R" prefixed when shared
	Releases []string
}

// AFact marks Summary as a fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	return fmt.Sprintf("acquires%v releases%v", s.Acquires, s.Releases)
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		before:     map[ast.Stmt]Set{},
		calledHeld: map[*types.Func]bool{},
		never:      pass.ResultOf[noreturn.Analyzer].(*noreturn.Result),
	}
	cr := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
	if !importsSync(pass.Pkg) && len(cr.Spawns) == 0 && len(cr.Entries) == 0 {
		return r, nil // no lock can be held and nothing runs concurrently
	}
	funcs := functions(pass)
	summaries := map[*types.Func]*Summary{}
	spawned := spawnedLits(pass)
	for range summaryRounds {
		for _, fd := range funcs {
			w := newWalker(pass, r, summaries, spawned, fd, false)
			w.function(fd.Body, Set{})
			if s := w.summary(); s != nil {
				summaries[w.fn] = s
			} else {
				delete(summaries, w.fn)
			}
		}
	}
	for _, fd := range funcs {
		w := newWalker(pass, r, summaries, spawned, fd, true)
		w.function(fd.Body, Set{})
	}
	for fn, s := range summaries {
		pass.ExportObjectFact(fn, s)
	}
	return r, nil
}

// importsSync reports whether pkg can hold a lock: sync is among its
// transitive imports.
func importsSync(pkg *types.Package) bool {
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if p.Path() == "sync" {
			return true
		}
		for _, imp := range p.Imports() {
			if visit(imp) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}

func functions(pass *analysis.Pass) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				out = append(out, fd)
			}
		}
	}
	return out
}
