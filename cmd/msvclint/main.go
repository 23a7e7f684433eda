// Command msvclint runs the msvclint suite: standalone on package patterns, or
// as go vet's -vettool. See README.md for modes, flags and exit codes.
package main

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/msvclint/msvclint/analyzers"
)

// subcommands are words that, as the first argument, select a mode other than
// analysis. Each lives in its own file and registers itself in init.
var subcommands = map[string]func(args []string) int{}

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		if sub, ok := subcommands[args[0]]; ok {
			os.Exit(sub(args[1:]))
		}
	}
	suite, vetTool, args := selectSuite(args)
	if vetTool {
		suite, args = vetSuite(suite, args)
		os.Args = append(os.Args[:1], args...)
		unitchecker.Main(suite...)
	}
	os.Exit(standalone(os.Stdout, os.Stderr, suite, packageDirs(args)))
}

// selectSuite picks the analyzers for this run. Under go vet (the unitchecker
// protocol: -V=full, -flags, or a .cfg file) msvclint replaces vet's own
// analyzers, so it carries vet's suite too; standalone it runs only its own
// checks unless -vet asks for vet's as well.
func selectSuite(args []string) (suite []*analysis.Analyzer, vetTool bool, rest []string) {
	suite = analyzers.Checks()
	withVet := false
	for _, a := range args {
		switch {
		case a == "-vet" || a == "--vet" || a == "-vet=true" || a == "--vet=true":
			withVet = true
			continue
		case a == "-vet=false" || a == "--vet=false":
			continue
		case a == "-V=full" || a == "-flags" || a == "--flags" || strings.HasSuffix(a, ".cfg"):
			withVet, vetTool = true, true
		}
		rest = append(rest, a)
	}
	if withVet {
		suite = append(suite, analyzers.Vet()...)
	}
	return suite, vetTool, rest
}

// packageDirs replaces .go file arguments (as pre-commit passes them) by the
// directories of their packages, once each, so that files from several
// packages can be named in one call; go/packages would take them as
// one ad-hoc package and refuse files from different directories.
func packageDirs(args []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range args {
		if strings.HasPrefix(a, "-") || !strings.HasSuffix(a, ".go") {
			out = append(out, a)
			continue
		}
		dir := filepath.Dir(a)
		if dir != "." && !filepath.IsAbs(dir) {
			dir = "./" + filepath.ToSlash(dir)
		}
		if !seen[dir] {
			seen[dir] = true
			out = append(out, dir)
		}
	}
	return out
}
