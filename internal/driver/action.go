package driver

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// analyze runs plan on n in order, each analyzer once its prerequisites have
// succeeded, and returns every outcome.
func (g *graph) analyze(n *node, files []*ast.File, info *types.Info, plan []*analysis.Analyzer) []*Analysis {
	results := map[*analysis.Analyzer]any{}
	outcome := map[*analysis.Analyzer]*Analysis{}
	var out []*Analysis
	for _, a := range plan {
		an := &Analysis{Analyzer: a}
		outcome[a] = an
		out = append(out, an)
		if failed := failedPrerequisites(a, outcome); failed != "" {
			an.Err = fmt.Errorf("failed prerequisites: %s", failed)
			continue
		}
		pass := g.newPass(n, a, files, info, results, an)
		results[a], an.Err = run(pass)
	}
	for _, an := range out {
		if !slices.Contains(g.suite, an.Analyzer) {
			continue
		}
		an.Result = results[an.Analyzer]
	}
	return out
}

func failedPrerequisites(a *analysis.Analyzer, outcome map[*analysis.Analyzer]*Analysis) string {
	var names []string
	for _, r := range a.Requires {
		if outcome[r].Err != nil {
			names = append(names, r.Name)
		}
	}
	return strings.Join(names, ", ")
}

func (g *graph) newPass(n *node, a *analysis.Analyzer, files []*ast.File, info *types.Info, results map[*analysis.Analyzer]any, an *Analysis) *analysis.Pass {
	p := n.pkg
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         g.fset,
		Files:        files,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          n.types,
		TypesInfo:    info,
		TypesSizes:   p.TypesSizes,
		ResultOf:     map[*analysis.Analyzer]any{},
		Report:       func(d analysis.Diagnostic) { an.Diagnostics = append(an.Diagnostics, d) },
		ReadFile:     g.fileReader(n),
	}
	if pass.TypesSizes == nil {
		pass.TypesSizes = types.SizesFor("gc", "amd64")
	}
	if m := p.Module; m != nil {
		pass.Module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	for _, r := range a.Requires {
		pass.ResultOf[r] = results[r]
	}
	g.facts.bind(pass, n)
	return pass
}

// run calls the analyzer, turning a panic into an error that names the
// analyzer and the package, so one bad package does not end the run.
func run(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked on %s: %v\n%s", pass.Analyzer.Name, pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	return pass.Analyzer.Run(pass)
}

// fileReader lets an analyzer read the files of its own package, as
// go vet does, and no others.
func (g *graph) fileReader(n *node) func(string) ([]byte, error) {
	p := n.pkg
	allowed := slices.Concat(p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles)
	return func(name string) ([]byte, error) {
		if !slices.Contains(allowed, name) {
			return nil, fmt.Errorf("%s is not a file of package %s", name, p.PkgPath)
		}
		if src, ok := g.opts.Overlay[name]; ok {
			return src, nil
		}
		return os.ReadFile(name)
	}
}
