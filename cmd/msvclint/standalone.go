package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/driver"
	"github.com/msvclint/msvclint/internal/output"
)

// flags are the standalone run's options, beside each check's.
type flags struct {
	format            string
	json, fix, diff   bool
	tests             bool
	context           int
	cpu, mem, traceTo string
	formatGiven       bool // -format named, so text goes to stdout
}

func (f *flags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif or github")
	fs.BoolVar(&f.json, "json", false, "print findings as JSON (same as -format json)")
	fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes")
	fs.BoolVar(&f.diff, "diff", false, "with -fix, print the changes as a diff instead of writing them")
	fs.BoolVar(&f.tests, "test", true, "also analyze test files")
	fs.IntVar(&f.context, "c", -1, "with text output, show this many lines of context")
	fs.StringVar(&f.cpu, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&f.mem, "memprofile", "", "write a memory profile to this file when the run is over")
	fs.StringVar(&f.traceTo, "trace", "", "write an execution trace to this file")
	// selectSuite has read -vet already; it is declared for -h.
	fs.Bool("vet", false, "also run go vet's own analyzers")
}

// standalone runs the suite on package patterns. Exit codes: 2 for a bad
// flag, 1 when the analysis could not run whole, 3 for findings except in
// JSON (as with x/tools' drivers), 0 otherwise.
func standalone(stdout, stderr io.Writer, suite []*analysis.Analyzer, args []string) int {
	fs := flag.NewFlagSet("msvclint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	var f flags
	f.register(fs)
	selected := map[string]*triState{}
	for _, a := range suite {
		t := new(triState)
		selected[a.Name] = t
		fs.Var(t, a.Name, "enable the "+a.Name+" check (or disable it with =false)")
		a.Flags.VisitAll(func(fl *flag.Flag) { fs.Var(fl.Value, a.Name+"."+fl.Name, fl.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // as the flag package's own ExitOnError does
		}
		return 2
	}
	fs.Visit(func(fl *flag.Flag) { f.formatGiven = f.formatGiven || fl.Name == "format" })
	if f.json {
		f.format = "json"
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "msvclint: no packages to analyze; give patterns such as ./...")
		return 2
	}
	if !slices.Contains([]string{"text", "json", "sarif", "github"}, f.format) {
		fmt.Fprintf(stderr, "msvclint: unknown -format %q; use text, json, sarif or github\n", f.format)
		return 2
	}
	if os.Getenv("GOGC") == "" {
		// The live heap stays small (types and facts); the default
		// goal of twice that is most of the peak. Halving the headroom
		// costs about a fifth more CPU and saves about a fifth of the
		// peak, which is what CI runners run out of first.
		debug.SetGCPercent(50)
	}
	stop, err := f.profile()
	if err != nil {
		fmt.Fprintf(stderr, "msvclint: %v\n", err)
		return 1
	}
	code := analyze(stdout, stderr, &f, choose(suite, selected), fs.Args())
	if err := stop(); err != nil {
		fmt.Fprintf(stderr, "msvclint: %v\n", err)
		code = max(code, 1)
	}
	return code
}

func analyze(stdout, stderr io.Writer, f *flags, suite []*analysis.Analyzer, patterns []string) int {
	res, err := driver.Run(driver.Options{Tests: f.tests, Whole: analyzers.Whole()}, suite, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "msvclint: %v\n", err)
		return 1
	}
	code := 0
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e)
		code = 1
	}
	rep, runErr := output.Collect(res)
	if runErr != nil {
		fmt.Fprintf(stderr, "msvclint: %v\n", runErr)
		code = 1
	}
	if f.fix {
		return max(code, fix(stdout, stderr, rep.Findings, f.diff))
	}
	if err := write(stdout, stderr, f, rep); err != nil {
		fmt.Fprintf(stderr, "msvclint: writing %s: %v\n", f.format, err)
		return 1
	}
	if code == 0 && len(rep.Findings) > 0 && f.format != "json" {
		code = 3
	}
	return code
}

// write prints the findings. Plain text goes to stderr, as x/tools' drivers
// and go vet print it; a chosen -format goes to stdout, for a file or a pipe.
func write(stdout, stderr io.Writer, f *flags, rep *output.Report) error {
	// Paths are written relative to the repository's checkout, which is
	// GITHUB_WORKSPACE in GitHub Actions even when the module is below it.
	root := os.Getenv("GITHUB_WORKSPACE")
	if root == "" {
		root, _ = os.Getwd()
	}
	switch f.format {
	case "json":
		return output.JSON(stdout, rep)
	case "sarif":
		return output.SARIF(stdout, rep, root)
	case "github":
		return output.GitHub(stdout, rep, root)
	}
	cwd, _ := os.Getwd()
	if f.formatGiven {
		return output.Text(stdout, rep, cwd, f.context)
	}
	return output.Text(stderr, rep, cwd, f.context)
}

// fix applies the findings' fixes, or prints them as a diff, then lists the
// findings that remain, as go fix users expect to learn what is left to do
// by hand; they make the exit code 3.
func fix(stdout, stderr io.Writer, findings []output.Finding, diff bool) int {
	res, err := output.Fixes(findings)
	if err != nil {
		fmt.Fprintf(stderr, "msvclint: -fix: %v\n", err)
		return 1
	}
	cwd, _ := os.Getwd()
	for _, name := range slices.Sorted(maps.Keys(res.Files)) {
		if diff {
			fmt.Fprint(stdout, output.Diff(output.Rel(cwd, name), res.Old[name], res.Files[name]))
			continue
		}
		if err := os.WriteFile(name, res.Files[name], 0o644); err != nil {
			fmt.Fprintf(stderr, "msvclint: -fix: %v\n", err)
			return 1
		}
	}
	if res.Skipped > 0 {
		fmt.Fprintf(stderr, "msvclint: applied %d of %d fixes; %d overlapped others, run msvclint -fix again for them\n",
			res.Applied, res.Applied+res.Skipped, res.Skipped)
	}
	if len(res.Unfixed) == 0 {
		return 0
	}
	if err := output.Text(stderr, &output.Report{Findings: res.Unfixed}, cwd, -1); err != nil {
		fmt.Fprintf(stderr, "msvclint: -fix: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "msvclint: %d findings have no automatic fix; change the code or suppress them\n", len(res.Unfixed))
	return 3
}

// profile starts what -cpuprofile and -trace ask for; stop ends them and
// writes -memprofile.
func (f *flags) profile() (stop func() error, err error) {
	var stops []func() error
	stop = func() error {
		var first error
		for _, s := range slices.Backward(stops) {
			if err := s(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	if f.cpu != "" {
		out, err := os.Create(f.cpu)
		if err != nil {
			return stop, err
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			return stop, err
		}
		stops = append(stops, func() error { pprof.StopCPUProfile(); return out.Close() })
	}
	if f.traceTo != "" {
		out, err := os.Create(f.traceTo)
		if err != nil {
			return stop, err
		}
		if err := trace.Start(out); err != nil {
			return stop, err
		}
		stops = append(stops, func() error { trace.Stop(); return out.Close() })
	}
	if f.mem != "" {
		stops = append(stops, func() error {
			out, err := os.Create(f.mem)
			if err != nil {
				return err
			}
			runtime.GC()
			if err := pprof.WriteHeapProfile(out); err != nil {
				return err
			}
			return out.Close()
		})
	}
	return stop, nil
}

// choose applies -CHECK and -CHECK=false as x/tools' drivers do: naming
// checks runs only those, turning one off runs the rest.
func choose(suite []*analysis.Analyzer, selected map[string]*triState) []*analysis.Analyzer {
	anyOn := false
	for _, t := range selected {
		anyOn = anyOn || *t == setTrue
	}
	var out []*analysis.Analyzer
	for _, a := range suite {
		t := *selected[a.Name]
		if t == setTrue || !anyOn && t == unset {
			out = append(out, a)
		}
	}
	return out
}

type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }

func (t *triState) String() string { return strconv.FormatBool(*t == setTrue) }

func (t *triState) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*t = setFalse
	if b {
		*t = setTrue
	}
	return nil
}
