package unboundedgo_test

import (
	"fmt"
	"sort"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/analyzers/unboundedgo"
)

// stdFindings pins what the check reports on the standard library: each
// entry is a finding defended in the check's measurements (a real leak or an
// unbounded spawn a reviewer would accept). A new finding, or one that goes
// away, fails the test so that the change in noise is reviewed.
var stdFindings = map[string]int{}

func TestStd(t *testing.T) {
	if testing.Short() {
		t.Skip("long test: analyzes the whole standard library")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, "std")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{unboundedgo.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			got[fmt.Sprintf("%s %s", act.Package.PkgPath, d.Category)]++
			t.Logf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message)
		}
	}
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range stdFindings {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if got[k] != stdFindings[k] {
			t.Errorf("%s: %d findings, want %d", k, got[k], stdFindings[k])
		}
	}
}
