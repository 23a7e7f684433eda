package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/recall.golden from this run")

// TestRecall runs msvclint on the entries listed in testdata/subset.txt, a
// few small modules that together cover every check and kind, and compares
// which entries it finds with testdata/recall.golden, so that a change in
// recall shows in review. Every entry of the subset must load: the pins are
// part of the test. The peers are left out; the runner measures them.
func TestRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("long test: downloads real modules and runs msvclint on them")
	}
	subset, err := readLines(filepath.Join("testdata", "subset.txt"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := loadEntries()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := selectEntries(all, strings.Join(subset, ","))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{cache: defaultCache(), jobs: runtime.NumCPU(), timeout: 15 * time.Minute}
	if err := setup(&cfg, false); err != nil {
		t.Fatal(err)
	}
	got := recallLines(t, outcomes(runAll(cfg, groups(entries))))
	golden := filepath.Join("testdata", "recall.golden")
	if *update {
		header := "# msvclint's outcome on each entry of subset.txt, then the count per check.\n" +
			"# Re-pin after a reviewed change with: go test ./realbugs -run TestRecall -update\n"
		if err := os.WriteFile(golden, []byte(header+strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := readLines(golden)
	if err != nil {
		t.Fatalf("%v; create it with -update", err)
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("got  %s", l)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("want %s", l)
		}
	}
	if t.Failed() {
		t.Log("recall changed: if the change is intended, re-pin with -update")
	}
}

// recallLines renders each outcome as "ID found|missed" and then one
// "check N of M" line per check; an entry that did not load fails the test.
func recallLines(t *testing.T, outs []Outcome) []string {
	var lines []string
	found, loaded := map[string]int{}, map[string]int{}
	for _, o := range outs {
		if !o.Loaded {
			t.Errorf("%s did not load: %s", o.ID, o.Why)
			continue
		}
		loaded[o.Check]++
		word := "missed"
		if o.Found[msvclint] {
			word = "found"
			found[o.Check]++
		}
		lines = append(lines, o.ID+" "+word)
	}
	for _, c := range sortedKeys(loaded) {
		lines = append(lines, fmt.Sprintf("%s %d of %d", c, found[c], loaded[c]))
	}
	return lines
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, nil
}
