package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/checkdoc"
)

func init() {
	subcommands["help"] = func(args []string) int { return help(os.Stdout, os.Stderr, args) }
}

const usage = `msvclint finds concurrency and design defects in Go services.

Usage:
  msvclint [flags] packages...        analyze packages (patterns as for go build, or .go files)
  go vet -vettool=$(which msvclint)   run msvclint and go vet's own suite through go vet
  msvclint help                       list the checks
  msvclint help CHECK                 show a check's documentation
  msvclint help CHECK/CATEGORY        show one category of a check, as findings name it
  msvclint dupes packages...          print each cluster of copied DI wiring once, as a refactoring plan
  msvclint lsp                        serve diagnostics and quick fixes to an editor over stdio (LSP)
  msvclint version                    print the version and the module build information

Common flags: -json, -fix, -diff, -c N, -test=false (skip test files),
-vet (add go vet's suite),
-format text|json|sarif|github (output for code scanning and CI annotations),
-CHECK=false (turn a check off), -CHECK.OPTION=value (a check's option).
Run 'msvclint -h' for every flag.

Exit codes: 0 no findings, 3 findings, 1 the analysis could not run
(a package failed to load or type-check, or a check failed), 2 a bad flag.
With -json the findings are in the output and do not change the exit code.
Under go vet, go vet's exit codes apply: 1 for findings or errors.
`

func help(stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage, "\nChecks:\n")
		for _, a := range analyzers.Checks() {
			fmt.Fprintf(stdout, "  %-14s %s\n", a.Name, checkdoc.Summary(a.Doc))
		}
		fmt.Fprintf(stdout, "\nUnder go vet, go vet's suite runs too (%d analyzers, 'msvclint help NAME' for each).\n", len(analyzers.Vet()))
		return 0
	}
	status := 0
	for _, name := range args {
		name, category, _ := strings.Cut(name, "/")
		a := analyzers.Lookup(name)
		if a == nil {
			for _, v := range analyzers.Vet() {
				if v.Name == name {
					a = v
				}
			}
		}
		if a == nil {
			fmt.Fprintf(stderr, "msvclint: no check named %q; 'msvclint help' lists them\n", name)
			status = 1
			continue
		}
		if category == "" {
			fmt.Fprintf(stdout, "%s: %s", a.Name, strings.TrimLeft(a.Doc, "\n"))
			continue
		}
		section := checkdoc.Section(a.Doc, "Category "+category)
		if section == "" {
			fmt.Fprintf(stderr, "msvclint: %s has no category %q; 'msvclint help %s' lists them\n", a.Name, category, a.Name)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "%s/%s: %s\n", a.Name, category, section)
	}
	return status
}
