package datarace_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/analyzers/datarace"
)

func load(tb testing.TB, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("packages had errors")
	}
	return pkgs
}

func analyze(tb testing.TB, pkgs []*packages.Package) []analysis.Diagnostic {
	tb.Helper()
	g, err := checker.Analyze([]*analysis.Analyzer{datarace.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var diags []analysis.Diagnostic
	for act := range g.All() {
		if act.Err != nil {
			tb.Errorf("%s: %v", act, act.Err)
		}
		if act.Analyzer == datarace.Analyzer && act.IsRoot {
			diags = append(diags, act.Diagnostics...)
		}
	}
	return diags
}

// TestStdlib runs the check over the standard library (without its tests,
// like x/tools' TestVetStdlib): it must report nothing there.
func TestStdlib(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the whole standard library")
	}
	pkgs := load(t, "std")
	if len(pkgs) < 100 {
		t.Fatalf("loaded %d packages of std, want hundreds", len(pkgs))
	}
	for _, d := range analyze(t, pkgs) {
		t.Errorf("%s: %s", pkgs[0].Fset.Position(d.Pos), d.Message)
	}
}

// BenchmarkLoad measures loading and type-checking net/http and its
// dependencies from source, the baseline BenchmarkCheck compares with.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		load(b, "net/http")
	}
}

// BenchmarkCheck measures the check (with the passes it requires, on
// net/http and its dependencies, for facts) on already loaded packages.
func BenchmarkCheck(b *testing.B) {
	pkgs := load(b, "net/http")
	for b.Loop() {
		analyze(b, pkgs)
	}
}
