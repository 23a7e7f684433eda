package longtest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/longtest"
)

var (
	update     = flag.Bool("update", false, "rewrite the lines of testdata/counts.golden for the corpora of this run")
	onlyCorpus = flag.String("corpora", "", "comma-separated corpora to run (std and the pinned modules' names); default all")
)

// binary is the msvclint binary built once for the whole package.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "msvclint-longtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "msvclint")
	out, err := exec.Command("go", "build", "-o", binary, "github.com/msvclint/msvclint/cmd/msvclint").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building msvclint: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("long test: runs the whole suite over the standard library and pinned modules")
	}
}

// corpus is one thing the suite runs over: a pattern in a directory.
type corpus struct {
	name, dir, pattern string
	flags              []string
}

func selected(name string) bool {
	return *onlyCorpus == "" || slices.Contains(strings.Split(*onlyCorpus, ","), name)
}

// corpora returns the standard library and the pinned modules, prepared in
// scratch. A module that cannot be fetched fails the test: the pins are part
// of the test.
func corpora(t *testing.T, scratch string) []corpus {
	t.Helper()
	var out []corpus
	if selected("std") {
		// The standard library without its tests: with them, the whole
		// program from source with SSA for every package needs more memory
		// than CI can spare beside the other tests.
		out = append(out, corpus{name: "std", dir: scratch, pattern: "std", flags: []string{"-test=false"}})
	}
	for _, m := range longtest.Pinned {
		if !selected(m.Name) {
			continue
		}
		dir, err := longtest.Prepare(m, scratch)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpus{name: m.Name, dir: dir, pattern: "./..."})
	}
	return out
}

// TestCounts runs the whole suite over each corpus and compares the number of
// findings per check and category with testdata/counts.golden, so that a
// change in noise shows in review. Any panic, internal error or analysis error
// fails it.
func TestCounts(t *testing.T) {
	skipShort(t)
	got := map[string]int{}
	ran := map[string]bool{}
	for _, c := range corpora(t, t.TempDir()) {
		t.Run(c.name, func(t *testing.T) {
			for k, n := range runCounts(t, c) {
				got[k] = n
			}
			ran[c.name] = true
		})
	}
	golden := filepath.Join("testdata", "counts.golden")
	want, err := readCounts(golden)
	if err != nil && !*update {
		t.Fatalf("%v; create it with: go test ./internal/longtest -run TestCounts -update", err)
	}
	if *update {
		if t.Failed() {
			t.Fatal("not rewriting the golden file: the run failed")
		}
		for k := range want {
			if ran[corpusOf(k)] {
				delete(want, k)
			}
		}
		for k, n := range got {
			want[k] = n
		}
		if err := writeCounts(golden, want); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, k := range union(got, want) {
		if !ran[corpusOf(k)] {
			continue
		}
		if got[k] != want[k] {
			t.Errorf("%s: %d findings, want %d (if the change is intended, re-pin with -update)", k, got[k], want[k])
		}
	}
}

// runCounts runs msvclint -json on c and returns the findings per
// "corpus check" and "corpus check:category". Every check has a line, even at
// zero, so the golden file names them all.
func runCounts(t *testing.T, c corpus) map[string]int {
	t.Helper()
	args := append(append([]string{"-json"}, c.flags...), c.pattern)
	stdout, stderr := runMsvclint(t, c.dir, args...)
	counts := map[string]int{}
	for _, a := range analyzers.Checks() {
		counts[c.name+" "+a.Name] = 0
	}
	seen := map[string]bool{}
	for _, f := range parseJSON(t, stdout) {
		// A finding in a package's file appears again in its test variant.
		key := f.check + "\x00" + f.Posn + "\x00" + f.Message
		if seen[key] {
			continue
		}
		seen[key] = true
		counts[c.name+" "+f.check]++
		if f.Category != "" {
			counts[c.name+" "+f.check+":"+f.Category]++
		}
	}
	t.Logf("%s: %d distinct findings; stderr: %d bytes", c.name, len(seen), len(stderr))
	return counts
}

// runMsvclint runs the binary and fails the test on a non-zero exit or on
// anything on stderr but the go command's download notes.
func runMsvclint(t *testing.T, dir string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = longtest.Env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if bad := unexpectedStderr(errb.String()); bad != "" || err != nil {
		t.Fatalf("msvclint %s in %s: %v\n%s", strings.Join(args, " "), dir, err, truncate(bad, 4000))
	}
	return out.Bytes(), errb.Bytes()
}

func unexpectedStderr(s string) string {
	var bad []string
	for _, l := range strings.Split(s, "\n") {
		if l == "" || strings.HasPrefix(l, "go: downloading ") {
			continue
		}
		bad = append(bad, l)
	}
	return strings.Join(bad, "\n")
}

type finding struct {
	check    string
	Posn     string `json:"posn"`
	Message  string `json:"message"`
	Category string `json:"category"`
}

// parseJSON reads the x/tools JSON tree (package -> analyzer -> findings or
// {"error": ...}) and fails the test on any analysis error: a check's panic
// recovered by internal/runner is one.
func parseJSON(t *testing.T, data []byte) []finding {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatalf("msvclint -json output: %v\n%s", err, truncate(string(data), 2000))
	}
	var out []finding
	for _, pkg := range sortedKeys(tree) {
		for _, check := range sortedKeys(tree[pkg]) {
			raw := tree[pkg][check]
			var e struct{ Error string }
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				t.Errorf("%s on %s: %s", check, pkg, e.Error)
				continue
			}
			var fs []finding
			if err := json.Unmarshal(raw, &fs); err != nil {
				t.Fatalf("%s on %s: %v", check, pkg, err)
			}
			for i := range fs {
				fs[i].check = check
			}
			out = append(out, fs...)
		}
	}
	return out
}

func corpusOf(key string) string {
	name, _, _ := strings.Cut(key, " ")
	return name
}

func readCounts(path string) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return map[string]int{}, err
	}
	counts := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		var corpus, key string
		var n int
		if _, err := fmt.Sscanf(l, "%s %s %d", &corpus, &key, &n); err != nil {
			return counts, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		counts[corpus+" "+key] = n
	}
	return counts, nil
}

func writeCounts(path string, counts map[string]int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# msvclint findings per corpus and check (check:category lines break them down).\n")
	fmt.Fprintf(&b, "# std is the standard library of %s; the modules are pinned in corpus.go.\n", runtime.Version())
	fmt.Fprintf(&b, "# Re-pin after a reviewed change with: go test ./internal/longtest -run TestCounts -update\n")
	for _, k := range sortedKeys(counts) {
		fmt.Fprintf(&b, "%s %d\n", k, counts[k])
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func union(a, b map[string]int) []string {
	m := map[string]int{}
	for k := range a {
		m[k] = 0
	}
	for k := range b {
		m[k] = 0
	}
	return sortedKeys(m)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
