// Command bench measures msvclint on real modules pinned from the Go module
// proxy, against the floor any go/analysis suite pays on the same packages
// (load and type-check; the same plus SSA) and against staticcheck, the peer a
// user compares with. Run it by hand from this directory:
//
//	go run . [-modules client_golang,otel-sdk,kratos] [-reps 3] [-markdown]
//
// -modules also takes grpc and std (the standard library). For each module it
// prints the median wall time, CPU time (user+system, steadier than wall time
// on a shared machine) and peak RSS of every step, and the ratios the project
// targets: msvclint ÷ load+SSA floor at most 1.3, msvclint ÷ staticcheck below
// 1 in time and memory.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/msvclint/msvclint/internal/longtest"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		os.Exit(runFloor(os.Args[2:]))
	}
	var names []string
	for _, m := range longtest.Pinned {
		names = append(names, m.Name)
	}
	modules := flag.String("modules", strings.Join(names, ","), "comma-separated corpora: "+strings.Join(names, ", ")+", grpc, go-zero, std")
	reps := flag.Int("reps", 3, "repetitions of each step; the table shows medians")
	steps := flag.String("steps", strings.Join(stepNames(), ","), "comma-separated steps to measure")
	markdown := flag.Bool("markdown", false, "also print the totals as a markdown table for the README")
	keep := flag.Bool("keep", false, "keep the scratch directory")
	flag.Parse()
	if err := bench(strings.Split(*modules, ","), strings.Split(*steps, ","), *reps, *markdown, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func bench(modules, steps []string, reps int, markdown, keep bool) error {
	scratch, err := os.MkdirTemp("", "msvclint-bench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("scratch:", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	tools, err := buildTools(scratch)
	if err != nil {
		return err
	}
	var results []corpusResult
	for _, name := range modules {
		c, err := prepare(name, scratch)
		if err != nil {
			return err
		}
		r := measure(c, tools, steps, reps)
		r.print(os.Stdout)
		results = append(results, r)
	}
	total := sumResults(results)
	total.print(os.Stdout)
	if markdown {
		printMarkdown(os.Stdout, results, total, reps)
	}
	return nil
}

// corpus is a pattern to analyze in a directory.
type corpus struct {
	name, label, dir, pattern string
}

func prepare(name, scratch string) (corpus, error) {
	if name == "std" {
		out, err := longtest.Go(scratch, "env", "GOVERSION")
		if err != nil {
			return corpus{}, fmt.Errorf("go env: %v\n%s", err, out)
		}
		return corpus{name: "std", label: "standard library " + strings.TrimSpace(string(out)), dir: scratch, pattern: "std"}, nil
	}
	m, ok := longtest.Lookup(name)
	if !ok {
		return corpus{}, fmt.Errorf("no pinned module named %q", name)
	}
	fmt.Fprintf(os.Stderr, "preparing %s@%s\n", m.Path, m.Version)
	dir, err := longtest.Prepare(m, scratch)
	if err != nil {
		return corpus{}, err
	}
	return corpus{name: m.Name, label: m.Path + "@" + m.Version, dir: dir, pattern: "./..."}, nil
}

// tools are the binaries measured.
type tools struct {
	self, msvclint, staticcheck string
}

func buildTools(scratch string) (tools, error) {
	self, err := os.Executable()
	if err != nil {
		return tools{}, err
	}
	t := tools{self: self, msvclint: filepath.Join(scratch, "msvclint")}
	fmt.Fprintln(os.Stderr, "building msvclint and", longtest.Staticcheck)
	if err := longtest.BuildMsvclint(t.msvclint); err != nil {
		return t, err
	}
	t.staticcheck, err = longtest.InstallStaticcheck(scratch)
	return t, err
}
