package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/msvclint/msvclint/internal/output"
)

// -format selects how findings are printed: text and json as the x/tools
// driver prints them, sarif for code scanning, github for workflow
// annotations. Any -format takes the run over from the x/tools driver.
func init() {
	interceptors = append(interceptors, func(suite []*analysis.Analyzer, args []string) (int, bool) {
		if !hasFormat(args) {
			return 0, false
		}
		return runFormat(os.Stdout, os.Stderr, suite, args), true
	})
}

func hasFormat(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "format" {
			return true
		}
	}
	return false
}

// runFormat parses the standalone flags the formats support, runs the suite
// and prints its findings. Exit codes are the standalone ones: 2 for a bad
// flag, 1 when the analysis cannot run, 3 for findings except in JSON.
func runFormat(stdout, stderr io.Writer, suite []*analysis.Analyzer, args []string) int {
	fs := flag.NewFlagSet("msvclint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	tests := fs.Bool("test", false, "also analyze test files")
	context := fs.Int("c", -1, "with -format text, show this many lines of context")
	selected := map[string]*triState{}
	for _, a := range suite {
		t := new(triState)
		selected[a.Name] = t
		fs.Var(t, a.Name, "enable the "+a.Name+" check (or disable it with =false)")
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "msvclint: no packages to analyze; give patterns such as ./...")
		return 2
	}
	if !slices.Contains([]string{"text", "json", "sarif", "github"}, *format) {
		fmt.Fprintf(stderr, "msvclint: unknown -format %q; use text, json, sarif or github\n", *format)
		return 2
	}
	run := choose(suite, selected)
	g, err := output.Analyze(&packages.Config{Tests: *tests}, run, fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "msvclint: %v\n", err)
		return 1
	}
	findings, runErr := output.Collect(g)
	// Paths are written relative to the repository's checkout, which is
	// GITHUB_WORKSPACE in GitHub Actions even when the module is below it.
	root := os.Getenv("GITHUB_WORKSPACE")
	if root == "" {
		root, _ = os.Getwd()
	}
	switch *format {
	case "text":
		err = g.PrintText(stdout, *context)
	case "json":
		err = g.PrintJSON(stdout)
	case "sarif":
		err = output.SARIF(stdout, run, findings, root)
	case "github":
		err = output.GitHub(stdout, findings, root)
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "msvclint: writing %s: %v\n", *format, err)
		return 1
	case runErr != nil:
		fmt.Fprintf(stderr, "msvclint: %v\n", runErr)
		return 1
	case len(findings) > 0 && *format != "json": // as with -json
		return 3
	}
	return 0
}

// choose applies -CHECK and -CHECK=false as the x/tools driver does: naming
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
