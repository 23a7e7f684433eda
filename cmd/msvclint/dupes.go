package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers/diboilerplate"
	"github.com/msvclint/msvclint/internal/driver"
	fp "github.com/msvclint/msvclint/internal/recipe"
	"github.com/msvclint/msvclint/passes/fingerprint"
)

func init() {
	subcommands["dupes"] = func(args []string) int { return dupes(os.Stdout, os.Stderr, args) }
}

const dupesUsage = `usage: msvclint dupes [-json] [-minsteps N] [-mincopies N] [-minparams N] [packages]

dupes prints diboilerplate's refactoring plan for a whole module: every
cluster of copied wiring and of copied constructors once, with all its copies
(across packages that do not import each other, such as sibling cmd/* mains)
and what the copies differ in. Patterns default to ./... . Exit code 0 when
there is nothing to report, 3 when there is, 1 when the packages do not load.
`

// dupesCopy is one copy in the JSON plan.
type dupesCopy struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Func     string `json:"func"`
	Provider bool   `json:"provider,omitempty"`
	// Call is the shared provider this hand-written copy should call, by the
	// same rule as the findings: one it may import.
	Call string `json:"call,omitempty"`
}

// dupesCluster is one entry of the JSON plan.
type dupesCluster struct {
	Category    string      `json:"category"`
	What        string      `json:"what"`
	Copies      []dupesCopy `json:"copies"`
	Differences []string    `json:"differences,omitempty"`
	Plan        string      `json:"plan"`
}

func dupes(stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet("dupes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, dupesUsage) }
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	o := diboilerplate.Defaults
	fs.IntVar(&o.MinSteps, "minsteps", o.MinSteps, "configuration steps two recipes must share")
	fs.IntVar(&o.MinCopies, "mincopies", o.MinCopies, "copies before a cluster is printed")
	fs.IntVar(&o.MinParams, "minparams", o.MinParams, "parameters a copied constructor must take")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	blocks, ctors, err := fingerprintAll(patterns)
	if err != nil {
		fmt.Fprintf(stderr, "msvclint dupes: %v\n", err)
		return 1
	}
	plan := dupesPlan(blocks, ctors, o)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if plan == nil {
			plan = []dupesCluster{}
		}
		if err := enc.Encode(plan); err != nil {
			fmt.Fprintf(stderr, "msvclint dupes: writing JSON: %v\n", err)
			return 1
		}
	} else {
		printPlan(stdout, plan)
	}
	if len(plan) > 0 {
		return 3
	}
	return 0
}

// fingerprintAll loads the packages and runs the fingerprint pass on all of
// them at once: the one place msvclint compares packages that do not import
// each other.
func fingerprintAll(patterns []string) ([]*fp.Block, []*fp.Ctor, error) {
	res, err := driver.RunStrict(driver.Options{}, []*analysis.Analyzer{fingerprint.Analyzer}, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("packages do not load: %w", err)
	}
	var blocks []*fp.Block
	var ctors []*fp.Ctor
	for _, root := range res.Roots {
		an := root.Analyses[0]
		if an.Err != nil {
			return nil, nil, an.Err
		}
		r := an.Result.(*fingerprint.Result)
		blocks = append(blocks, r.Blocks...)
		ctors = append(ctors, r.Ctors...)
	}
	return blocks, ctors, nil
}

func dupesPlan(blocks []*fp.Block, ctors []*fp.Ctor, o diboilerplate.Options) []dupesCluster {
	var plan []dupesCluster
	for _, cluster := range fp.Cluster(blocks, o.MinSteps, o.MinCopies) {
		plan = append(plan, blockCluster(cluster))
	}
	for _, cluster := range fp.ClusterCtors(ctors, o.MinParams, o.MinCopies) {
		c := dupesCluster{
			Category: diboilerplate.CategoryCopiedConstructor,
			What:     fmt.Sprintf("constructor copying (%s) into a struct", diboilerplate.ShortTypes(cluster[0].Params)),
			Plan:     "build these dependencies once in a shared provider and pass that along instead of repeating the field copies",
		}
		for _, k := range cluster {
			c.Copies = append(c.Copies, copyAt(k.Place, false))
		}
		plan = append(plan, c)
	}
	return plan
}

func blockCluster(cluster []*fp.Block) dupesCluster {
	c := dupesCluster{
		Category: diboilerplate.CategoryCopiedWiring,
		What:     fmt.Sprintf("%s setup starting with %s", cluster[0].Kind, fp.ShortFunc(cluster[0].Anchor)),
		Plan:     "move it into one provider function and call it from each place",
	}
	for _, b := range cluster {
		k := copyAt(b.Place, b.Provider != "")
		if p := diboilerplate.ProviderFor(b, cluster); p != nil {
			k.Call = fp.ShortFunc(p.Provider) + " (" + p.Place.Pkg + ")"
			c.Category = diboilerplate.CategoryBypassedProvider
			c.Plan = "call the shared provider from each hand-written copy, as marked"
		}
		c.Copies = append(c.Copies, k)
	}
	names := map[string]string{}
	for _, b := range cluster {
		names[b.Place.File] = relative(b.Place.File)
	}
	c.Differences = fp.Drift(cluster, names, 0)
	return c
}

func copyAt(p fp.Place, provider bool) dupesCopy {
	return dupesCopy{File: relative(p.File), Line: p.Line, Column: p.Col, Func: fp.ShortFunc(p.Func), Provider: provider}
}

// relative names a file from the working directory, as go build would.
func relative(file string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return filepath.ToSlash(file)
}

func printPlan(w io.Writer, plan []dupesCluster) {
	if len(plan) == 0 {
		fmt.Fprintln(w, "no copied wiring or constructors found")
		return
	}
	for i, c := range plan {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. %s: %s, %d copies\n", i+1, c.Category, c.What, len(c.Copies))
		for _, k := range c.Copies {
			mark := ""
			switch {
			case k.Provider:
				mark = "  (shared provider)"
			case k.Call != "":
				mark = "  -> call " + k.Call
			}
			fmt.Fprintf(w, "   %s:%d:%d  %s%s\n", k.File, k.Line, k.Column, k.Func, mark)
		}
		if len(c.Differences) > 0 {
			fmt.Fprintf(w, "   differ: %s\n", strings.Join(c.Differences, "; "))
		} else if c.Category != diboilerplate.CategoryCopiedConstructor {
			fmt.Fprintln(w, "   differ: nothing, the copies are identical")
		}
		fmt.Fprintf(w, "   plan: %s\n", c.Plan)
	}
}
