package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/goroot"
)

// vetSuite narrows the suite for one invocation by go vet. go vet runs the
// tool on every dependency, the standard library's included, for facts
// alone (VetxOnly). msvclint's checks take nothing from the standard
// library's facts (they know it from internal/knowledge, so that they answer
// the same under the standalone driver and nogo, which do not analyze it), so
// on a standard-library dependency only go vet's own analyzers run: the
// checks' passes would build SSA for all of std to no effect. go vet passes
// the user's flags to every invocation, so the checks' flags go too.
func vetSuite(suite []*analysis.Analyzer, args []string) ([]*analysis.Analyzer, []string) {
	if !stdFactsOnly(args) {
		return suite, args
	}
	checks := analyzers.Checks()
	isCheck := func(a *analysis.Analyzer) bool { return slices.Contains(checks, a) }
	var rest []string
	for _, arg := range args {
		if !namesCheck(arg, checks) {
			rest = append(rest, arg)
		}
	}
	return slices.DeleteFunc(slices.Clone(suite), isCheck), rest
}

// stdFactsOnly reports whether the go vet config among args asks for facts
// only, on a package of the standard library. go vet sets GOROOT in the
// tool's environment; without it, or without a readable config, the answer
// is no and the whole suite runs.
func stdFactsOnly(args []string) bool {
	root := os.Getenv("GOROOT")
	if root == "" || len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	var cfg struct {
		Dir      string
		VetxOnly bool
	}
	if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly || cfg.Dir == "" {
		return false
	}
	return goroot.Holds(goroot.Src(root), cfg.Dir)
}

// namesCheck reports whether arg is a check's flag: -CHECK, -CHECK=false or
// -CHECK.OPTION=value.
func namesCheck(arg string, checks []*analysis.Analyzer) bool {
	if !strings.HasPrefix(arg, "-") {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	for _, c := range checks {
		if name == c.Name || strings.HasPrefix(name, c.Name+".") {
			return true
		}
	}
	return false
}
