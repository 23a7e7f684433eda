package main

import (
	"flag"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/driver"
)

// The per-check benchmarks analyze one large package, loaded once, and report
// each check's time against the time to load and type-check that package
// (metric x-load), so a check that costs more than its share stands out:
//
//	go test -run=^$ -bench=. -count=6 | tee new.txt   # then benchstat old.txt new.txt
var benchPkg = flag.String("pkg", "net/http", "the package the per-check benchmarks analyze")

var loaded struct {
	once   sync.Once
	pkgs   []*packages.Package
	loadNs float64
	err    error
}

// loadOnce loads benchPkg and its dependencies from source, as the suite's
// checker does, and times the fastest of three loads.
func loadOnce(b *testing.B) []*packages.Package {
	b.Helper()
	loaded.once.Do(func() {
		for range 3 {
			start := time.Now()
			pkgs, err := packages.Load(&packages.Config{Mode: loadMode}, *benchPkg)
			ns := float64(time.Since(start).Nanoseconds())
			if loaded.loadNs == 0 || ns < loaded.loadNs {
				loaded.loadNs = ns
			}
			loaded.pkgs, loaded.err = pkgs, err
			if err == nil && packages.PrintErrors(pkgs) > 0 {
				loaded.err = errLoad
			}
		}
	})
	if loaded.err != nil {
		b.Fatal(loaded.err)
	}
	return loaded.pkgs
}

type loadError struct{}

func (loadError) Error() string { return "errors loading the benchmark package" }

var errLoad = loadError{}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := packages.Load(&packages.Config{Mode: loadMode}, *benchPkg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSSAFloor(b *testing.B) {
	benchAnalyzers(b, []*analysis.Analyzer{ssaFloor(analyzers.Checks())})
}

func BenchmarkCheck(b *testing.B) {
	for _, a := range analyzers.Checks() {
		b.Run(a.Name, func(b *testing.B) { benchAnalyzers(b, []*analysis.Analyzer{a}) })
	}
}

func BenchmarkSuite(b *testing.B) {
	benchAnalyzers(b, analyzers.Checks())
}

// BenchmarkDriver is the suite end to end as msvclint runs it standalone:
// listing, type-checking and analyzing package by package, against loading
// the same graph whole (x-load below 1 means the driver beats the load).
func BenchmarkDriver(b *testing.B) {
	loadOnce(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := driver.Run(driver.Options{}, analyzers.Checks(), *benchPkg)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors[0])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/loaded.loadNs, "x-load")
}

// benchAnalyzers runs the analyzers (and what they require) on the loaded
// package graph; every iteration builds its passes, facts and SSA anew.
func benchAnalyzers(b *testing.B, as []*analysis.Analyzer) {
	pkgs := loadOnce(b)
	b.ReportAllocs()
	for b.Loop() {
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		for act := range graph.All() {
			if act.Err != nil {
				b.Fatal(act.Err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/loaded.loadNs, "x-load")
}
