package analyzers_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/msvclint/msvclint/analyzers"
)

// factCorpus is the testdata that exercises every fact type: lock effects
// and guards, channel summaries, cache sources, spawned arguments,
// immutability and wiring fingerprints, each across packages.
var factCorpus = []string{
	"datarace/...", "unboundedgo/...", "mutablecache/...", "diboilerplate/...",
	"locks/...", "lockset/...", "concurrency/...",
}

// TestFactsDeterministic: go vet and Bazel cache a package's facts by their
// encoded bytes, so the same input must encode to the same bytes in every
// run. A fact built in map order would not; several runs catch it, since Go
// randomizes map iteration.
func TestFactsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the corpus several times")
	}
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   filepath.Join(dir, "src"),
		Env:   append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, factCorpus...)
	if err != nil {
		t.Fatal(err)
	}
	var first map[string][]byte
	for run := range 4 {
		got := encodedFacts(t, pkgs)
		if run == 0 {
			first = got
			if len(first) == 0 {
				t.Fatal("the corpus produced no facts; the test would prove nothing")
			}
			continue
		}
		for _, key := range sortedKeys(first) {
			if !bytes.Equal(first[key], got[key]) {
				t.Errorf("run %d: the facts of %s encode differently from run 0", run, key)
			}
		}
		if len(got) != len(first) {
			t.Errorf("run %d: %d facts, run 0 had %d", run, len(got), len(first))
		}
	}
	t.Logf("%d facts encoded identically in every run", len(first))
}

// encodedFacts runs the suite and returns each exported fact, gob-encoded as
// go vet encodes it, keyed by analyzer, package and object path.
func encodedFacts(t *testing.T, pkgs []*packages.Package) map[string][]byte {
	t.Helper()
	graph, err := checker.Analyze(analyzers.Checks(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for act := range graph.All() {
		if len(act.Analyzer.FactTypes) == 0 || act.Err != nil {
			continue
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != act.Package.Types {
				continue
			}
			path, err := objectpath.For(f.Object)
			if err != nil {
				continue // not reachable by importers, so never encoded
			}
			out[factKey(act.Analyzer, act.Package.Types, string(path), f.Fact)] = encode(t, f.Fact)
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				out[factKey(act.Analyzer, f.Package, "", f.Fact)] = encode(t, f.Fact)
			}
		}
	}
	return out
}

func factKey(a *analysis.Analyzer, pkg *types.Package, path string, fact analysis.Fact) string {
	return fmt.Sprintf("%s %s %s %T", a.Name, pkg.Path(), path, fact)
}

func encode(t *testing.T, fact analysis.Fact) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		t.Fatalf("encoding %T: %v", fact, err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
