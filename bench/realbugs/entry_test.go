package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEntries checks that every labelled bug is well formed; the runner
// refuses to start otherwise.
func TestEntries(t *testing.T) {
	entries, err := loadEntries()
	if err != nil {
		t.Fatal(err)
	}
	repos := map[string]bool{}
	for _, e := range entries {
		repos[e.Repo] = true
	}
	t.Logf("%d entries from %d repositories", len(entries), len(repos))
}

func TestValidate(t *testing.T) {
	good := Entry{
		ID: "x/y", Repo: "o/x", Module: "example.com/x", Version: "v1.0.0", Package: "example.com/x/p",
		Kind: "race", Pattern: "map-concurrent", Check: "datarace", Lines: []string{"p/a.go:10", "q/b.go:3"},
		Fix: strings.Repeat("ab", 20), Summary: "s",
	}
	if err := good.validate(); err != nil {
		t.Fatalf("valid entry rejected: %v", err)
	}
	for name, mutate := range map[string]func(*Entry){
		"wrong check":        func(e *Entry) { e.Check = "unboundedgo" },
		"unknown kind":       func(e *Entry) { e.Kind = "bug" },
		"no line in package": func(e *Entry) { e.Lines = []string{"q/b.go:3"} },
		"test file":          func(e *Entry) { e.Lines = []string{"p/a_test.go:3"} },
		"bad line":           func(e *Entry) { e.Lines = []string{"p/a.go"} },
		"short hash":         func(e *Entry) { e.Fix = "abc123" },
		"package elsewhere":  func(e *Entry) { e.Package = "example.com/xy/p" },
		"bad id":             func(e *Entry) { e.ID = "X Y" },
	} {
		e := good
		e.Lines = append([]string(nil), good.Lines...)
		mutate(&e)
		if e.validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestMatches(t *testing.T) {
	e := Entry{Check: "datarace", Lines: []string{"p/a.go:10", "p/b.go:40"}}
	fs := []Finding{
		{Check: "datarace", File: "p/a.go", Line: 12},    // two lines below: a hit
		{Check: "datarace", File: "p/a.go", Line: 13},    // three: not
		{Check: "datarace", File: "p/b.go", Line: 38},    // two above the second site
		{Check: "unboundedgo", File: "p/a.go", Line: 10}, // another check
		{Check: "datarace", File: "q/a.go", Line: 10},    // another file
	}
	got := matches(e, fs, true)
	want := []Finding{fs[0], fs[2]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("msvclint matches (-want +got):\n%s", diff)
	}
	// A peer's finding counts whatever its analyzer.
	if got := matches(e, fs, false); len(got) != 3 {
		t.Errorf("peer matches: %v, want the three near a site", got)
	}
}

func TestParseTree(t *testing.T) {
	data := `{
	"example.com/x/p": {"datarace": [{"posn": "/m/p/a.go:10:2", "message": "m1"}]},
	"example.com/x/p [example.com/x/p.test]": {"datarace": [{"posn": "/m/p/a.go:10:2", "message": "m1"}]},
	"example.com/x/q": {"datarace": {"error": "q.go:1:1: undefined: z"}}
}`
	r := parseTree("/m", []byte(data))
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := []Finding{{Check: "datarace", File: "p/a.go", Line: 10, Message: "m1"}}
	if diff := cmp.Diff(want, r.findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	p := Entry{Module: "example.com/x", Package: "example.com/x/p"}
	if ok, why := r.loaded(p); !ok {
		t.Errorf("p not loaded: %s", why)
	}
	q := Entry{Module: "example.com/x", Package: "example.com/x/q"}
	if ok, why := r.loaded(q); ok || !strings.Contains(why, "undefined: z") {
		t.Errorf("q loaded=%v why=%q, want not loaded with the type error", ok, why)
	}
	// The drivers list only packages with findings or errors.
	quiet := Entry{Module: "example.com/x", Package: "example.com/x/r"}
	if ok, why := r.loaded(quiet); !ok {
		t.Errorf("a package with no findings does not count as loaded: %s", why)
	}
}

// TestLoadedTestVariant: a failing test variant does not unload a bug in the
// package's own files, but does unload a bug in its tests.
func TestLoadedTestVariant(t *testing.T) {
	r := runResult{
		ok:     map[string]bool{"example.com/x/p": true},
		failed: map[string]string{"example.com/x/p [example.com/x/p.test]": "p_test.go: undefined: y"},
	}
	prod := Entry{Module: "example.com/x", Package: "example.com/x/p"}
	if ok, why := r.loaded(prod); !ok {
		t.Errorf("production bug not loaded: %s", why)
	}
	inTest := prod
	inTest.Test = true
	if ok, _ := r.loaded(inTest); ok {
		t.Error("test bug loaded though its variant failed")
	}
}
