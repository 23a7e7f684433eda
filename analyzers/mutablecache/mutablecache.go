package mutablecache

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/cache"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/lockset"
	"github.com/msvclint/msvclint/passes/mutability"
)

//go:embed doc.go
var doc string

// Analyzer is the mutablecache check.
var Analyzer = &analysis.Analyzer{
	Name:     "mutablecache",
	Doc:      checkdoc.MustExtract(doc, "mutablecache"),
	URL:      "https://github.com/msvclint/msvclint/blob/main/analyzers/mutablecache/doc.go",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, cache.Analyzer, mutability.Analyzer, concurrency.Analyzer, lockset.Analyzer},
	Run:      runner.Wrap(run),
}

// The finding categories, one per rule.
const (
	CategoryReturnedAlias  = "returned-alias"
	CategoryStoredAlias    = "stored-alias"
	CategoryMutation       = "cached-mutation"
	CategoryUnbounded      = "unbounded"
	CategoryUnsynchronized = "unsynchronized"
	CategoryStale          = "stale"
	CategoryReturnedStore  = "returned-store"
	CategorySharedAppend   = "shared-append"
	CategoryMutatedDefault = "mutated-default"
	CategoryPartialKey     = "partial-key"
	CategoryShallowClone   = "shallow-clone"
	CategorySharedReorder  = "shared-reorder"
)

// The depth limits of the check's value and type walks. Real code stays
// well inside them; they bound the pathological (long chains of fields,
// phis and conversions) so that a walk always ends.
const (
	maxValueDepth = 4  // phis, element addresses and reslices back to a load; operands compared for one key
	maxTypeDepth  = 3  // nested types searched for data
	maxChainSteps = 8  // fields, loads and conversions followed to an object
	maxKeyDepth   = 12 // operations a request-derived key may pass through
	callSteps     = 3  // what passing a key down to a helper costs of maxKeyDepth
)

// checker carries one package's analysis state through the rules.
type checker struct {
	pass  *analysis.Pass
	cache *cache.Result
	mut   *mutability.Checker
	conc  *concurrency.Result
	locks *lockset.Result
	ssa   *buildssa.SSA
	files map[*token.File]*ast.File
	// returned holds the positions returned-alias reported, which
	// returned-store leaves alone.
	returned map[token.Pos]bool
	index    *pkgInstrs // see instrs
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		cache:    pass.ResultOf[cache.Analyzer].(*cache.Result),
		mut:      pass.ResultOf[mutability.Analyzer].(*mutability.Checker),
		conc:     pass.ResultOf[concurrency.Analyzer].(*concurrency.Result),
		locks:    pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		ssa:      pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		files:    map[*token.File]*ast.File{},
		returned: map[token.Pos]bool{},
	}
	for _, f := range pass.Files {
		if !ast.IsGenerated(f) && !strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			c.files[pass.Fset.File(f.Pos())] = f
		}
	}
	for _, fn := range c.ssa.SrcFuncs {
		f := c.cache.Funcs[fn]
		if f == nil || c.file(fn.Pos()) == nil {
			continue
		}
		c.returnedAlias(f)
		c.storedAlias(f)
		c.mutations(f)
	}
	c.returnedStore()
	c.sharedAppends()
	c.mutatedDefaults()
	c.partialKeys()
	c.shallowClones()
	c.sharedReorders()
	c.fillsBeforeWrite()
	g := newCallGraph(c.cache)
	c.stale(g)
	c.staleDerived(g)
	c.unbounded(g)
	c.unsynchronized(g)
	c.checkThenAct()
	return nil, nil
}

// file returns the analyzed file holding pos, nil for generated and test
// files and for positions outside the package's files.
func (c *checker) file(pos token.Pos) *ast.File {
	if !pos.IsValid() {
		return nil
	}
	return c.files[c.pass.Fset.File(pos)]
}

// path returns the syntax enclosing pos, innermost first.
func (c *checker) path(pos token.Pos) []ast.Node {
	f := c.file(pos)
	if f == nil {
		return nil
	}
	p, _ := astutil.PathEnclosingInterval(f, pos, pos)
	return p
}

// funcName names fn for messages: "Get", "(*Cache).Get" reads worse in a
// sentence than "Cache.Get".
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// outermost returns the declared function a literal is nested in.
func outermost(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// exported reports whether a declared function is part of the package's API:
// an exported function, or an exported method (callable through an interface
// even on an unexported type).
func exported(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	return ok && fn.Parent() == nil && obj.Exported()
}

// typeString writes a type relative to the current package.
func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

func (c *checker) related(pos token.Pos, msg string) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: msg}
}

// storageDecl is where a cache is declared, for Related.
func storageDecl(s *cache.Storage) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: s.Var.Pos(), Message: "cache " + s.Name() + " is declared here"}
}
