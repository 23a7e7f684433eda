package datarace_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

var update = flag.Bool("update", false, "rewrite testdata/stdlib.golden")

// TestStdlib runs the check over the standard library (without its tests,
// like x/tools' TestVetStdlib) and compares its findings with
// testdata/stdlib.golden, each of which was read and judged there, so that
// a change in what it reports on real code shows in review.
func TestStdlib(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the whole standard library")
	}
	pkgs := load(t, "std")
	if len(pkgs) < 100 {
		t.Fatalf("loaded %d packages of std, want hundreds", len(pkgs))
	}
	var got []string
	for _, d := range analyze(t, pkgs) {
		p := pkgs[0].Fset.Position(d.Pos)
		_, file, _ := strings.Cut(p.Filename, "/src/")
		got = append(got, fmt.Sprintf("%s:%d: %s", file, p.Line, d.Message))
	}
	slices.Sort(got)
	golden := filepath.Join("testdata", "stdlib.golden")
	data, err := os.ReadFile(golden)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, rejudge(data, got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, judged(l))
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("new finding: %s", l)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("finding gone: %s", l)
		}
	}
}

// judged strips the judgment a golden line ends with ("  # real: ...").
func judged(line string) string {
	if i := strings.Index(line, "  # "); i >= 0 {
		return line[:i]
	}
	return line
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

// rejudge writes the findings, one per line, keeping the header and the
// judgment of every line that stays; new lines need one.
func rejudge(old []byte, got []string) []byte {
	var b strings.Builder
	judgments := map[string]string{}
	for _, l := range strings.Split(string(old), "\n") {
		if strings.HasPrefix(l, "#") {
			b.WriteString(l + "\n")
		} else if i := strings.Index(l, "  # "); i >= 0 {
			judgments[l[:i]] = l[i:]
		}
	}
	for _, l := range got {
		j := judgments[l]
		if j == "" {
			j = "  # TODO: judge"
		}
		b.WriteString(l + j + "\n")
	}
	return []byte(b.String())
}
