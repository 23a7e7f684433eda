package datarace

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/fixes"
	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/concurrency"
	"github.com/msvclint/msvclint/passes/locks"
	"github.com/msvclint/msvclint/passes/lockset"
)

//go:embed doc.go
var doc string

// Analyzer is the datarace check.
var Analyzer = &analysis.Analyzer{
	Name:     "datarace",
	Doc:      checkdoc.MustExtract(doc, "datarace"),
	URL:      "https://github.com/msvclint/msvclint/blob/main/analyzers/datarace/doc.go",
	Requires: []*analysis.Analyzer{inspect.Analyzer, buildssa.Analyzer, concurrency.Analyzer, locks.Analyzer, lockset.Analyzer},
	Run:      runner.Wrap(run),
}

// The categories, one per rule.
const (
	catCaptured  = "captured-var"
	catShared    = "shared-map-slice"
	catEntry     = "entry-point"
	catGuarded   = "guarded-field"
	catGoroutine = "goroutine-field"
	catWait      = "waitgroup"
	catParallel  = "parallel-test"
	catUnsafe    = "unsafe-shared-object"
	catLazy      = "lazy-init"
	catDefault   = "shared-default"
	catCallerMap = "caller-map"
	catCloseSend = "close-send"
)

// checker holds what every rule reads.
type checker struct {
	pass      *analysis.Pass
	conc      *concurrency.Result
	locks     *locks.Result
	ls        *lockset.Result
	ssa       *buildssa.SSA
	names     *names
	reported  map[token.Pos]bool
	maySync   map[*types.Func]bool
	owners    map[*types.Var]types.Type // struct fields of the package by field, built on first use
	fieldUses *fieldUses                // built on first use
	contexts  []*lockset.Context        // lockset's contexts, on first use
	// signallers are the functions that close or send on each channel
	// field themselves, on first use.
	signallers map[*types.Var][]*ssa.Function
	starters   map[*lockset.Context]*lockset.Context
}

func run(pass *analysis.Pass) (any, error) {
	if ownPrimitives(pass.Pkg.Path()) {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		conc:     pass.ResultOf[concurrency.Analyzer].(*concurrency.Result),
		locks:    pass.ResultOf[locks.Analyzer].(*locks.Result),
		ls:       pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		ssa:      pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		names:    &names{pass: pass},
		reported: map[token.Pos]bool{},
		maySync:  map[*types.Func]bool{},
	}
	generated := generatedFiles(pass)
	if len(c.conc.Spawns) > 0 {
		c.capturedVars(generated)
		c.siblingGoroutines(generated)
		c.waitGroups(generated)
	}
	if len(c.conc.Entries) > 0 {
		c.entryPoints(generated)
	}
	genPos := func(pos token.Pos) bool { return generated(&ast.Ident{NamePos: pos}) }
	c.readLockWrites(genPos)
	c.guardedSites(genPos)
	c.goroutineFields(genPos)
	c.atomicMix(genPos)
	c.atomicSiblings(genPos)
	c.atomicGlobals(genPos)
	c.selfLockedWrites(genPos)
	c.unsafeObjects(genPos)
	c.lazyGlobals(genPos)
	c.unusedMutexes(genPos)
	c.replacedChannels(genPos)
	c.replacedValues(genPos)
	c.sentGuardedMaps(genPos)
	c.writesAfterSend(genPos)
	c.contextValueWrites(generated)
	c.sharedDefaults(genPos)
	c.callerMaps(genPos)
	c.closedWhileSending(genPos)
	c.servingWrites(genPos)
	c.sharedSingletons(genPos)
	c.parallelTests(generated)
	return nil, nil
}

// report emits one finding at node; a position gets one finding, whichever
// rule comes first.
func (c *checker) report(node ast.Node, cat, msg string, related ...analysis.RelatedInformation) {
	c.reportFixed(node, cat, msg, nil, related...)
}

// reportFixed is report with suggested fixes.
func (c *checker) reportFixed(node ast.Node, cat, msg string, fixes []analysis.SuggestedFix, related ...analysis.RelatedInformation) {
	if c.reported[node.Pos()] {
		return
	}
	c.reported[node.Pos()] = true
	c.pass.Report(analysis.Diagnostic{
		Pos: node.Pos(), End: node.End(), Category: cat, Message: msg, Related: related, SuggestedFixes: fixes,
	})
}

// fileOf returns the package's file that holds pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// reportSnapshot reports a map taken out from under a lock and read after
// it, at the load, with the fix that copies it there, under the lock.
func (c *checker) reportSnapshot(pos token.Pos, msg string, related []analysis.RelatedInformation) {
	e := c.names.at(pos)
	if e == nil || c.reported[e.Pos()] {
		return
	}
	c.reported[e.Pos()] = true
	c.pass.Report(analysis.Diagnostic{
		Pos: e.Pos(), End: e.End(), Category: catGuarded, Message: msg, Related: related,
		SuggestedFixes: fixes.Wrap(c.pass, c.fileOf(pos), e, "maps.Clone"),
	})
}

// reportAt is report for a finding known by its position, from SSA: it
// spans the source expression there.
func (c *checker) reportAt(pos token.Pos, cat, msg string, related ...analysis.RelatedInformation) {
	if e := c.names.at(pos); e != nil {
		c.report(e, cat, msg, related...)
		return
	}
	c.report(&ast.Ident{NamePos: pos}, cat, msg, related...)
}

func (c *checker) relatedPos(pos token.Pos, msg string) analysis.RelatedInformation {
	if e := c.names.at(pos); e != nil {
		return related(e, msg)
	}
	return analysis.RelatedInformation{Pos: pos, Message: msg}
}

func (c *checker) inTestFilePos(pos token.Pos) bool {
	return strings.HasSuffix(c.pass.Fset.Position(pos).Filename, "_test.go")
}

func related(n ast.Node, msg string) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: n.Pos(), End: n.End(), Message: msg}
}

// generatedFiles returns a predicate for nodes in generated files.
func generatedFiles(pass *analysis.Pass) func(ast.Node) bool {
	gen := map[*ast.File]bool{}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			gen[f] = true
		}
	}
	return func(n ast.Node) bool {
		for f := range gen {
			if f.FileStart <= n.Pos() && n.Pos() < f.FileEnd {
				return true
			}
		}
		return false
	}
}

type analysisRelated = analysis.RelatedInformation

// exprString renders a short expression for a message.
func exprString(e ast.Expr) string { return astutil.ShortExpr(e, "the value") }

// ownPrimitives reports whether a package implements synchronization rather
// than uses it: the Go runtime, sync and sync/atomic, and the standard
// library's internal packages, whose locks, notes and deliberate racy reads
// the check does not model.
func ownPrimitives(path string) bool {
	switch {
	case path == "runtime", path == "sync", path == "sync/atomic":
		return true
	case strings.HasPrefix(path, "runtime/internal/"), strings.HasPrefix(path, "internal/"):
		// The standard library's internals (internal/sync, internal/poll)
		// build the primitives, with deliberate racy reads.
		return true
	}
	return false
}
