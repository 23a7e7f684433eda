// Command realbugs measures recall on real concurrency bugs: bugs that public
// Go projects fixed, labelled in bugs/*.json at a module version that still
// has them (bugs/SCHEMA.md says how). From bench/:
//
//	go run ./realbugs [-only ID,REPO/] [-peers=false] [-markdown] [-j N]
//
// For each module version it downloads the module through the Go module
// proxy into a cache kept between runs, runs msvclint -json on the labelled
// packages with their tests and, as peers, go vet and staticcheck's SA checks
// on the same packages. A bug is found when a finding of its own check (any
// finding, for a peer) lies within two lines of one of its labelled lines.
// It prints each entry's outcome, recall per kind beside the peers, the other
// msvclint findings in those packages per repository (to read for
// precision), and with -markdown the tables for the README.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/msvclint/msvclint/internal/longtest"
)

func main() {
	only := flag.String("only", "", "comma-separated entry IDs, or repository prefixes such as nsq/, to run")
	peers := flag.Bool("peers", true, "also run go vet and staticcheck on the same packages")
	markdown := flag.Bool("markdown", false, "also print the tables as markdown for the README")
	jobs := flag.Int("j", runtime.NumCPU(), "module versions analyzed at once")
	cache := flag.String("cache", defaultCache(), "where module copies are kept between runs")
	timeout := flag.Duration("timeout", 20*time.Minute, "limit for one tool on one module version")
	stats := flag.Bool("stats", false, "print the labelled entries per repository and kind, and run nothing")
	bin := flag.String("msvclint", "", "use this msvclint binary instead of building one")
	base := flag.String("baseline", "", "also run this earlier msvclint binary and show what it found, to compare")
	flag.Parse()
	entries, err := loadEntries()
	if err == nil {
		entries, err = selectEntries(entries, *only)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "realbugs:", err)
		os.Exit(1)
	}
	if *stats {
		printStats(os.Stdout, entries)
		return
	}
	cfg := config{cache: *cache, jobs: *jobs, timeout: *timeout, msvclint: *bin, baseline: *base}
	if err := setup(&cfg, *peers); err != nil {
		fmt.Fprintln(os.Stderr, "realbugs:", err)
		os.Exit(1)
	}
	rs := runAll(cfg, groups(entries))
	printText(os.Stdout, rs, *peers, *base != "")
	if *markdown {
		fmt.Println()
		printKinds(os.Stdout, outcomes(rs), *peers, *base != "", true)
		fmt.Println()
		printRepos(os.Stdout, rs, true)
		fmt.Println()
		printMisses(os.Stdout, outcomes(rs), true)
	}
}

// setup builds msvclint and, for the peers, installs staticcheck, into the
// cache directory.
func setup(cfg *config, peers bool) error {
	if err := mkdirAll(cfg.cache); err != nil {
		return err
	}
	bin := filepath.Join(cfg.cache, "bin")
	if cfg.msvclint == "" {
		fmt.Fprintln(os.Stderr, "building msvclint")
		cfg.msvclint = filepath.Join(bin, "msvclint")
		if err := longtest.BuildMsvclint(cfg.msvclint); err != nil {
			return err
		}
	}
	if !peers {
		return nil
	}
	fmt.Fprintln(os.Stderr, "installing", longtest.Staticcheck)
	sc, err := longtest.InstallStaticcheck(bin)
	cfg.staticcheck = sc
	return err
}

// selectEntries keeps the entries named by only: exact IDs, or prefixes that
// end in a slash.
func selectEntries(all []Entry, only string) ([]Entry, error) {
	if only == "" {
		return all, nil
	}
	var out []Entry
	for _, want := range strings.Split(only, ",") {
		n := len(out)
		for _, e := range all {
			if e.ID == want || strings.HasSuffix(want, "/") && strings.HasPrefix(e.ID, want) {
				if !slices.ContainsFunc(out, func(o Entry) bool { return o.ID == e.ID }) {
					out = append(out, e)
				}
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("-only: no entry %q", want)
		}
	}
	return out, nil
}

func printStats(w *os.File, entries []Entry) {
	repos := map[string]map[string]int{}
	for _, e := range entries {
		if repos[e.Repo] == nil {
			repos[e.Repo] = map[string]int{}
		}
		repos[e.Repo][e.Kind]++
		repos[e.Repo]["all"]++
		if e.Test {
			repos[e.Repo]["test"]++
		}
	}
	cols := append(append([]string{}, kindOrder...), "test", "all")
	tab := newTable(w, false, append([]string{"repository"}, cols...))
	total := map[string]int{}
	for _, r := range sortedKeys(repos) {
		row := []string{r}
		for _, c := range cols {
			row = append(row, fmt.Sprint(repos[r][c]))
			total[c] += repos[r][c]
		}
		tab.row(row)
	}
	row := []string{"all"}
	for _, c := range cols {
		row = append(row, fmt.Sprint(total[c]))
	}
	tab.row(row)
	tab.flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
