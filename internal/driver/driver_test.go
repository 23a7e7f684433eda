package driver_test

import (
	"fmt"
	"go/ast"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/driver"
	"github.com/msvclint/msvclint/internal/output"
	"github.com/msvclint/msvclint/internal/testcorpus"
)

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mark is a package fact naming the package; a package-level func gets an
// object fact.
type mark struct{ Path string }

func (*mark) AFact()           {}
func (m *mark) String() string { return "mark(" + m.Path + ")" }

// seen records, per package, what the analyzer saw there.
type seen struct {
	mu    sync.Mutex
	facts map[string][]string // package path -> package facts visible
	objs  map[string][]string // package path -> object facts imported for called funcs
}

func factAnalyzer(s *seen) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "marker",
		Doc:       "marks every package and function for the driver's tests",
		FactTypes: []analysis.Fact{new(mark)},
		Run: func(pass *analysis.Pass) (any, error) {
			pass.ExportPackageFact(&mark{pass.Pkg.Path()})
			var objs []string
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						obj := pass.TypesInfo.Uses[id]
						var m mark
						if obj != nil && obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj, &m) {
							objs = append(objs, m.Path)
						}
					}
					return true
				})
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok {
						obj := pass.TypesInfo.Defs[fd.Name]
						pass.ExportObjectFact(obj, &mark{pass.Pkg.Path() + "." + fd.Name.Name})
					}
				}
			}
			var facts []string
			for _, pf := range pass.AllPackageFacts() {
				facts = append(facts, pf.Fact.(*mark).Path)
			}
			slices.Sort(facts)
			s.mu.Lock()
			s.facts[pass.Pkg.Path()] = facts
			s.objs[pass.Pkg.Path()] = objs
			s.mu.Unlock()
			return nil, nil
		},
	}
}

var layered = map[string]string{
	"go.mod":   "module example.com/m\n\ngo 1.26\n",
	"a/a.go":   "package a\n\nimport \"strings\"\n\nfunc A(s string) string { return strings.ToUpper(s) }\n",
	"b/b.go":   "package b\n\nimport \"example.com/m/a\"\n\nfunc B() string { return a.A(\"b\") }\n",
	"c/c.go":   "package c\n\nfunc C() {}\n",
	"top/t.go": "package top\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/b\"\n)\n\nfunc T() { fmt.Println(b.B()) }\n",
}

// Facts flow from dependencies to dependents, and a package sees the facts
// of its own dependencies only, however the packages were scheduled.
func TestFacts(t *testing.T) {
	dir := writeModule(t, layered)
	for _, parallel := range []int{1, 4} {
		t.Run(fmt.Sprint("parallel=", parallel), func(t *testing.T) {
			s := &seen{facts: map[string][]string{}, objs: map[string][]string{}}
			res, err := driver.Run(driver.Options{Dir: dir, Parallel: parallel}, []*analysis.Analyzer{factAnalyzer(s)}, "./top", "./c")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			wantFacts := map[string][]string{
				"example.com/m/a":   {"example.com/m/a"},
				"example.com/m/b":   {"example.com/m/a", "example.com/m/b"},
				"example.com/m/c":   {"example.com/m/c"},
				"example.com/m/top": {"example.com/m/a", "example.com/m/b", "example.com/m/top"},
			}
			if diff := cmp.Diff(wantFacts, s.facts); diff != "" {
				t.Errorf("package facts seen (-want +got):\n%s", diff)
			}
			wantObjs := map[string][]string{
				"example.com/m/a":   nil, // strings.ToUpper: the standard library is not analyzed
				"example.com/m/b":   {"example.com/m/a.A"},
				"example.com/m/c":   nil,
				"example.com/m/top": {"example.com/m/b.B"},
			}
			if diff := cmp.Diff(wantObjs, s.objs); diff != "" {
				t.Errorf("object facts imported (-want +got):\n%s", diff)
			}
		})
	}
}

// A root of the standard library is analyzed whole; its standard-library
// dependencies are only type-checked.
func TestStdRoot(t *testing.T) {
	s := &seen{facts: map[string][]string{}, objs: map[string][]string{}}
	res, err := driver.Run(driver.Options{}, []*analysis.Analyzer{factAnalyzer(s)}, "encoding/csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if got := slices.Sorted(maps.Keys(s.facts)); !slices.Equal(got, []string{"encoding/csv"}) {
		t.Errorf("analyzed %q, want only the root encoding/csv", got)
	}
}

// A type error is reported once, where it is; the roots it reaches are
// skipped with it, and the others are analyzed.
func TestErrors(t *testing.T) {
	files := maps.Clone(layered)
	files["a/a.go"] = "package a\n\nfunc A(s string) string { return 1 }\n"
	dir := writeModule(t, files)
	s := &seen{facts: map[string][]string{}, objs: map[string][]string{}}
	res, err := driver.Run(driver.Options{Dir: dir}, []*analysis.Analyzer{factAnalyzer(s)}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "a.go:3:") {
		t.Errorf("errors = %v, want the one in a/a.go", res.Errors)
	}
	skipped := map[string]bool{}
	for _, r := range res.Roots {
		skipped[r.ID] = r.Err != nil
	}
	want := map[string]bool{"example.com/m/a": true, "example.com/m/b": true, "example.com/m/top": true, "example.com/m/c": false}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("skipped roots (-want +got):\n%s", diff)
	}
}

// A panicking analyzer fails on its package, with the package named, and
// the run goes on.
func TestPanic(t *testing.T) {
	dir := writeModule(t, layered)
	boom := &analysis.Analyzer{
		Name: "boom",
		Doc:  "panics on package c",
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Name() == "c" {
				panic("boom")
			}
			pass.Reportf(pass.Files[0].Package, "ok")
			return nil, nil
		},
	}
	res, err := driver.Run(driver.Options{Dir: dir}, []*analysis.Analyzer{boom}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Roots {
		an := r.Analyses[0]
		if r.ID == "example.com/m/c" {
			if an.Err == nil || !strings.Contains(an.Err.Error(), "boom panicked on example.com/m/c") {
				t.Errorf("c: err %v, want the panic", an.Err)
			}
		} else if an.Err != nil || len(an.Diagnostics) != 1 {
			t.Errorf("%s: err %v, %d diagnostics; want one", r.ID, an.Err, len(an.Diagnostics))
		}
	}
}

// The driver finds what x/tools' checker, which loads the whole program
// from source, finds on a module that triggers every check, across packages.
func TestSameAsChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the shop module twice")
	}
	dir := filepath.Join(testcorpus.Dir(), "modules", "shop")
	suite := analyzers.Checks()
	res, err := driver.RunStrict(driver.Options{Dir: dir, Tests: true}, suite, "./...")
	if err != nil {
		t.Fatal(err)
	}
	got, err := output.Collect(res)
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze(suite, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []output.Finding
	seenKey := map[string]bool{}
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatal(act.Err)
		}
		for _, d := range act.Diagnostics {
			f := fmt.Sprint(act.Analyzer.Name, act.Package.Fset.Position(d.Pos), d.Message)
			if !seenKey[f] {
				seenKey[f] = true
				want = append(want, output.Finding{Check: act.Analyzer.Name, Message: d.Message, Start: act.Package.Fset.Position(d.Pos)})
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the shop module gives no findings: the comparison proves nothing")
	}
	key := func(f output.Finding) string { return fmt.Sprint(f.Start, " ", f.Check, ": ", f.Message) }
	gotKeys, wantKeys := keys(got.Findings, key), keys(want, key)
	if diff := cmp.Diff(wantKeys, gotKeys); diff != "" {
		t.Errorf("driver and x/tools checker disagree (-checker +driver):\n%s", diff)
	}
}

func keys[T any](xs []T, key func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, key(x))
	}
	slices.Sort(out)
	return out
}

// An import cycle is an error, not a wait that never ends.
func TestImportCycle(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/cyc\n\ngo 1.26\n",
		"a/a.go": "package a\n\nimport \"example.com/cyc/b\"\n\nvar A = b.B\n",
		"b/b.go": "package b\n\nimport \"example.com/cyc/a\"\n\nvar B = a.A\n",
	})
	s := &seen{facts: map[string][]string{}, objs: map[string][]string{}}
	res, err := driver.Run(driver.Options{Dir: dir}, []*analysis.Analyzer{factAnalyzer(s)}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 || !strings.Contains(fmt.Sprint(res.Errors), "import cycle") {
		t.Errorf("errors = %v, want the import cycle", res.Errors)
	}
}

// A missing module is reported once, by go list; the type checker's "could
// not import" that follows from it would only repeat it.
func TestMissingDependency(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"a/a.go": "package a\n\nimport \"example.com/nowhere/queue\"\n\nvar Q = queue.New()\n",
	})
	res, err := driver.Run(driver.Options{Dir: dir}, []*analysis.Analyzer{factAnalyzer(&seen{facts: map[string][]string{}, objs: map[string][]string{}})}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "example.com/nowhere/queue") || strings.Contains(res.Errors[0].Error(), "could not import") {
		t.Errorf("errors = %q, want go list's one error about example.com/nowhere/queue", res.Errors)
	}
	if len(res.Roots) != 1 || res.Roots[0].Err == nil {
		t.Errorf("the root was analyzed despite its missing import: %+v", res.Roots)
	}
}

// TestCacheSameFindings is the editor's case: the same package analyzed
// again, with a Cache, reuses its dependencies and their facts (httpapi's
// finding needs catalog's) and finds what a fresh run finds; after a
// dependency's file changes, that dependency is checked again.
func TestCacheSameFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the shop module several times")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(testcorpus.Dir(), "modules", "shop"))); err != nil {
		t.Fatal(err)
	}
	suite := analyzers.Checks()
	run := func(cache *driver.Cache) ([]output.Finding, int) {
		t.Helper()
		res, err := driver.RunStrict(driver.Options{Dir: dir, Tests: true, Cache: cache}, suite, "./internal/httpapi")
		if err != nil {
			t.Fatal(err)
		}
		got, err := output.Collect(res)
		if err != nil {
			t.Fatal(err)
		}
		return got.Findings, res.Reused
	}
	fresh, _ := run(nil)
	if len(fresh) == 0 {
		t.Fatal("no findings in internal/httpapi, whose finding needs internal/catalog's facts; the test would prove nothing")
	}
	cache := driver.NewCache()
	first, reused := run(cache)
	if reused != 0 {
		t.Errorf("first run reused %d packages from an empty cache", reused)
	}
	second, reused := run(cache)
	if reused == 0 {
		t.Errorf("second run reused nothing")
	}
	for name, got := range map[string][]output.Finding{"first": first, "second": second} {
		if diff := cmp.Diff(fresh, got); diff != "" {
			t.Errorf("%s cached run differs from a fresh one (-fresh +cached):\n%s", name, diff)
		}
	}
	// A dependency changes: it and its importers are checked again.
	changed := filepath.Join(dir, "internal", "catalog", "catalog.go")
	src, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, append(src, "\n// changed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(changed, later, later); err != nil {
		t.Fatal(err)
	}
	third, again := run(cache)
	if again >= reused {
		t.Errorf("after a dependency changed, %d packages were reused, as many as before (%d)", again, reused)
	}
	fresh, _ = run(nil)
	if diff := cmp.Diff(fresh, third); diff != "" {
		t.Errorf("after a change, the cached run differs from a fresh one (-fresh +cached):\n%s", diff)
	}
	t.Logf("reused %d packages, %d after the change; %d findings", reused, again, len(second))
}

// TestCacheListsAgainOnNewImport: an edited buffer that imports a package
// the last listing did not have is listed again, not type-checked against
// the stale listing.
func TestCacheListsAgainOnNewImport(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the shop module twice")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(testcorpus.Dir(), "modules", "shop"))); err != nil {
		t.Fatal(err)
	}
	cache := driver.NewCache()
	opts := driver.Options{Dir: filepath.Join(dir, "internal", "httpapi"), Tests: true, Cache: cache}
	name := filepath.Join(opts.Dir, "server.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	opts.Overlay = map[string][]byte{name: src} // the buffer, open and unchanged
	if _, err := driver.RunStrict(opts, analyzers.Checks(), "."); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\nimport", "\nimport _ \"hash/crc32\"\n\nimport", 1)
	if edited == string(src) {
		t.Fatal("server.go has no import declaration to edit before")
	}
	opts.Overlay = map[string][]byte{name: []byte(edited)}
	if _, err := driver.RunStrict(opts, analyzers.Checks(), "."); err != nil {
		t.Errorf("after a new import in the buffer: %v", err)
	}
}
