// Package driver runs a suite of analyzers over packages one package at a
// time, in dependency order, keeping only what later packages need: the
// types of each package and the facts analyzers exported on it. Syntax,
// type information, SSA and analyzer results are dropped as soon as their
// package is done, so memory follows the widest layer of the import graph in
// flight, not the whole program.
//
// Packages of the standard library that are not roots are type-checked
// without function bodies and not analyzed: every check knows the standard
// library from curated tables in internal/knowledge, never from facts, so that
// it answers the same under drivers that do not analyze it (go vet, nogo).
// Other dependencies run only the analyzers that export facts.
package driver

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/internal/goroot"
)

// Options configures a run. Context, Dir, Env, Tests and Overlay are passed
// to go/packages; Parallel bounds the packages analyzed at once (GOMAXPROCS
// when zero).
type Options struct {
	Context  context.Context
	Dir      string
	Env      []string
	Tests    bool
	Overlay  map[string][]byte
	Parallel int
	// Cache, when set, carries dependencies' types and facts from run to
	// run (an editor session); nil analyzes everything afresh.
	Cache *Cache
	// Whole maps an analyzer of the suite to the step that revises its
	// findings once every root is analyzed, given its results and findings
	// on each root in root order: the one step of a run that sees packages
	// that do not import each other (diboilerplate.Whole). go vet, one
	// package per process, has no such step.
	Whole map[*analysis.Analyzer]func(results []any, reported [][]analysis.Diagnostic) [][]analysis.Diagnostic
}

// Result is what a run found in its root packages.
type Result struct {
	Fset  *token.FileSet
	Suite []*analysis.Analyzer
	Roots []*Root
	// Errors are the problems that kept packages from being analyzed: list,
	// parse and type errors, each once, in the order of the roots they
	// affect.
	Errors []error
	// Reused counts the dependencies taken from Options.Cache unchecked.
	Reused int
}

// Root is one package named by the patterns (or a test variant of one).
type Root struct {
	ID       string
	GoFiles  []string
	Analyses []*Analysis // in suite order
	// Err, when set, is why the package was not analyzed: the first error
	// in it or in a dependency.
	Err error
}

// Analysis is one analyzer's outcome on one root package.
type Analysis struct {
	Analyzer    *analysis.Analyzer
	Result      any // what Run returned; kept for the suite's analyzers only
	Diagnostics []analysis.Diagnostic
	Err         error
}

// Run loads the packages matching patterns and analyzes them with suite. An
// error means nothing could be analyzed (no package matched, go list
// failed); problems in single packages are in Result.Errors.
func Run(opts Options, suite []*analysis.Analyzer, patterns ...string) (*Result, error) {
	if err := analysis.Validate(suite); err != nil {
		return nil, err
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	roots, err := load(opts, patterns)
	if err != nil {
		return nil, err
	}
	std, err := stdSrc(opts)
	if err != nil {
		return nil, err
	}
	g := newGraph(opts, suite, roots, std)
	var keys map[*node]string
	if opts.Cache != nil {
		keys = g.keys()
		g.reuse(opts.Cache, keys)
	}
	if err := g.run(); err != nil {
		return nil, err
	}
	res := g.result()
	whole(res, opts.Whole)
	if opts.Cache != nil {
		g.remember(opts.Cache, keys)
		for _, n := range g.nodes {
			if n.reused {
				res.Reused++
			}
		}
	}
	return res, nil
}

// RunStrict is Run for callers that want all of a run or nothing, such as
// msvclint dupes: it fails when a package (or a dependency) does not load
// or type-check, naming the first problems.
func RunStrict(opts Options, suite []*analysis.Analyzer, patterns ...string) (*Result, error) {
	res, err := Run(opts, suite, patterns...)
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, errors.Join(res.Errors[:min(len(res.Errors), 10)]...)
	}
	return res, nil
}

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypesSizes | packages.NeedModule |
	packages.NeedEmbedFiles

// load lists the packages and their dependencies without parsing or
// type-checking anything: the driver does that itself, package by package.
func load(opts Options, patterns []string) ([]*packages.Package, error) {
	if opts.Cache != nil {
		return opts.Cache.load(opts, patterns)
	}
	return listPackages(opts, patterns)
}

func listPackages(opts Options, patterns []string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode:    loadMode,
		Context: opts.Context,
		Dir:     opts.Dir,
		Env:     opts.Env,
		Tests:   opts.Tests,
		Overlay: opts.Overlay,
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, goListError(err)
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return roots, nil
}

// goListError turns go/packages' report of a failed go list ("err: exit
// status 1: stderr: go: go.mod file not found...") into what the go command
// said, as go vet shows it.
func goListError(err error) error {
	msg, ok := strings.CutPrefix(err.Error(), "err: ")
	if !ok {
		return err
	}
	cause, stderr, _ := strings.Cut(msg, ": stderr: ")
	if stderr = strings.TrimSpace(stderr); stderr != "" {
		return errors.New(stderr)
	}
	return errors.New(cause)
}

// stdSrc is where the go command in use keeps the standard library's
// sources, with a trailing separator: a package there is the standard
// library's, whatever its import path looks like.
func stdSrc(opts Options) (string, error) {
	cmd := exec.CommandContext(opts.Context, "go", "env", "GOROOT")
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	if cmd.Env != nil {
		cmd.Env = append(os.Environ(), cmd.Env...)
	}
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return goroot.Src(strings.TrimSpace(string(out))), nil
}

func isStd(p *packages.Package, src string) bool {
	if p.Module != nil {
		return false
	}
	files := p.CompiledGoFiles
	if len(files) == 0 {
		files = p.GoFiles
	}
	return len(files) > 0 && goroot.Holds(src, files[0])
}

var errCanceled = errors.New("analysis canceled")

// whole runs each analyzer's whole-run step over the roots it analyzed.
func whole(res *Result, steps map[*analysis.Analyzer]func([]any, [][]analysis.Diagnostic) [][]analysis.Diagnostic) {
	for _, a := range res.Suite {
		step := steps[a]
		if step == nil {
			continue
		}
		var of []*Analysis
		for _, r := range res.Roots {
			for _, an := range r.Analyses {
				if an.Analyzer == a && an.Err == nil {
					of = append(of, an)
				}
			}
		}
		results := make([]any, len(of))
		reported := make([][]analysis.Diagnostic, len(of))
		for i, an := range of {
			results[i], reported[i] = an.Result, an.Diagnostics
		}
		for i, diags := range step(results, reported) {
			of[i].Diagnostics = diags
		}
	}
}
