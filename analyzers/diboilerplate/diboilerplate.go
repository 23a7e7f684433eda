package diboilerplate

import (
	_ "embed"
	"flag"
	"fmt"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/checkdoc"
	fp "github.com/msvclint/msvclint/internal/recipe"
	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/fingerprint"
)

//go:embed doc.go
var doc string

// Categories of findings, one per rule.
const (
	CategoryCopiedWiring      = "copied-wiring"
	CategoryBypassedProvider  = "bypassed-provider"
	CategoryCopiedConstructor = "copied-constructor"
	CategoryUnusedDependency  = "unused-dependency"
)

// Options are the check's thresholds; the msvclint dupes summary reads them
// too, so both modes cluster alike.
type Options struct {
	MinSteps  int // configuration steps two recipes must share
	MinCopies int // copies before a recipe or constructor is reported
	MinParams int // dependencies a copied constructor must take
}

// Defaults are quiet on real services: two steps in common (sql.Open and
// Ping) is what every user of an API writes, and one- or two-parameter
// constructors repeat by coincidence.
var Defaults = Options{MinSteps: 3, MinCopies: 2, MinParams: 3}

var opts = Defaults

// Analyzer is the diboilerplate check.
var Analyzer = &analysis.Analyzer{
	Name:       "diboilerplate",
	Doc:        checkdoc.MustExtract(doc, "diboilerplate"),
	URL:        "https://github.com/msvclint/msvclint/blob/main/analyzers/diboilerplate/doc.go",
	Run:        runner.WrapProbe(run),
	ResultType: reflect.TypeFor[*Result](),
	Requires:   []*analysis.Analyzer{fingerprint.Analyzer},
	Flags:      flags(),
}

func flags() flag.FlagSet {
	fs := flag.NewFlagSet("diboilerplate", flag.ExitOnError)
	fs.IntVar(&opts.MinSteps, "minsteps", Defaults.MinSteps, "configuration steps two recipes must share to be copies")
	fs.IntVar(&opts.MinCopies, "mincopies", Defaults.MinCopies, "copies before a recipe or constructor is reported")
	fs.IntVar(&opts.MinParams, "minparams", Defaults.MinParams, "parameters a copied constructor must take")
	return *fs
}

// CurrentOptions returns the options as the flags set them.
func CurrentOptions() Options { return opts }

// Result is what the check leaves for a driver that sees every package of a
// run at once (see Whole): the package's recipes and constructors, what its
// imports showed it, and which of its findings a directive suppresses.
type Result struct {
	Found   *fingerprint.Result
	ignored map[ignoreKey]bool
}

// Detached returns the result without token positions, for comparing this
// package with those of a later run (the editor server keeps one per
// package): its recipes and constructors are then named by place alone.
func (r *Result) Detached() any {
	found := &fingerprint.Result{ImportedBlocks: r.Found.ImportedBlocks, ImportedCtors: r.Found.ImportedCtors}
	for _, b := range r.Found.Blocks {
		c := *b
		c.At, c.End = 0, 0
		found.Blocks = append(found.Blocks, &c)
	}
	for _, k := range r.Found.Ctors {
		c := *k
		c.At, c.End = 0, 0
		found.Ctors = append(found.Ctors, &c)
	}
	return &Result{Found: found, ignored: map[ignoreKey]bool{}}
}

type ignoreKey struct {
	pos      token.Pos
	category string
}

// copyCategories are the findings that compare packages; Whole recomputes
// them over the whole run.
var copyCategories = []string{CategoryCopiedWiring, CategoryBypassedProvider, CategoryCopiedConstructor}

// run reports what this package's recipes and constructors repeat among
// themselves and from the packages it imports. Copies in packages that do
// not import each other are Whole's business.
func run(pass *analysis.Pass, probe runner.Probe) (any, error) {
	res := pass.ResultOf[fingerprint.Analyzer].(*fingerprint.Result)
	out := &Result{Found: res, ignored: map[ignoreKey]bool{}}
	if len(res.Blocks)+len(res.Ctors) == 0 {
		return out, nil
	}
	out.probe(probe)
	view := newCopies(
		append(append([]*fp.Block(nil), res.Blocks...), res.ImportedBlocks...),
		append(append([]*fp.Ctor(nil), res.Ctors...), res.ImportedCtors...))
	for _, d := range view.findings(res) {
		pass.Report(d)
	}
	reportUnused(pass, res)
	return out, nil
}

// probe records which of the package's possible copy findings a directive
// suppresses, since Whole makes them after the pass is gone. A directive on
// a recipe therefore never counts as unused, even where no copy turns up.
func (r *Result) probe(probe runner.Probe) {
	mark := func(at, end token.Pos, category string) {
		if probe(analysis.Diagnostic{Pos: at, End: end, Category: category}) {
			r.ignored[ignoreKey{at, category}] = true
		}
	}
	for _, b := range r.Found.Blocks {
		mark(b.At, b.End, CategoryCopiedWiring)
		mark(b.At, b.End, CategoryBypassedProvider)
	}
	for _, c := range r.Found.Ctors {
		mark(c.At, c.End, CategoryCopiedConstructor)
	}
}

// Whole recomputes the copy findings over every package of a run at once,
// so that copies between packages that do not import each other (sibling
// cmd/* mains, sibling services) are found too. results and reported are the
// check's results and findings on each root package, in the same order; the
// answer is each root's findings, the copy findings replaced. A standalone
// driver calls it once all roots are analyzed; go vet, one package at a
// time, cannot.
func Whole(results []any, reported [][]analysis.Diagnostic) [][]analysis.Diagnostic {
	var blocks []*fp.Block
	var ctors []*fp.Ctor
	for _, r := range results {
		if r, ok := r.(*Result); ok && r != nil {
			blocks = append(append(blocks, r.Found.Blocks...), r.Found.ImportedBlocks...)
			ctors = append(append(ctors, r.Found.Ctors...), r.Found.ImportedCtors...)
		}
	}
	view := newCopies(blocks, ctors)
	out := make([][]analysis.Diagnostic, len(results))
	for i, r := range results {
		res, ok := r.(*Result)
		if !ok || res == nil {
			out[i] = reported[i]
			continue
		}
		for _, d := range reported[i] {
			if !slices.Contains(copyCategories, d.Category) {
				out[i] = append(out[i], d)
			}
		}
		for _, d := range view.findings(res.Found) {
			if !res.ignored[ignoreKey{d.Pos, d.Category}] {
				out[i] = append(out[i], d)
			}
		}
	}
	return out
}

// copies clusters every recipe and constructor one view of the code holds,
// each counted once by place (a package and its test variant hold the same
// ones, and so do the facts of every importer).
type copies struct {
	blocks map[fp.Place][]*fp.Block
	ctors  map[fp.Place][]*fp.Ctor
}

func newCopies(blocks []*fp.Block, ctors []*fp.Ctor) copies {
	c := copies{blocks: map[fp.Place][]*fp.Block{}, ctors: map[fp.Place][]*fp.Ctor{}}
	for _, cluster := range fp.Cluster(uniqueBlocks(blocks), opts.MinSteps, opts.MinCopies) {
		for _, b := range cluster {
			c.blocks[b.Place] = cluster
		}
	}
	for _, cluster := range fp.ClusterCtors(uniqueCtors(ctors), opts.MinParams, opts.MinCopies) {
		for _, k := range cluster {
			c.ctors[k.Place] = cluster
		}
	}
	return c
}

// uniqueBlocks keeps one block per place, one with a position if any has.
func uniqueBlocks(blocks []*fp.Block) []*fp.Block {
	return unique(blocks, func(b *fp.Block) (fp.Place, bool) { return b.Place, b.At.IsValid() })
}

func uniqueCtors(ctors []*fp.Ctor) []*fp.Ctor {
	return unique(ctors, func(c *fp.Ctor) (fp.Place, bool) { return c.Place, c.At.IsValid() })
}

func unique[T any](items []T, key func(T) (fp.Place, bool)) []T {
	seen := map[fp.Place]int{}
	var out []T
	for _, it := range items {
		place, positioned := key(it)
		i, ok := seen[place]
		switch {
		case !ok:
			seen[place] = len(out)
			out = append(out, it)
		case positioned:
			if _, had := key(out[i]); !had {
				out[i] = it
			}
		}
	}
	return out
}

// findings are the copy findings on a package's own recipes and
// constructors, at their own positions.
func (c copies) findings(own *fingerprint.Result) []analysis.Diagnostic {
	var out []analysis.Diagnostic
	for _, b := range own.Blocks {
		cluster := c.blocks[b.Place]
		if cluster == nil {
			continue
		}
		if p := ProviderFor(b, cluster); p != nil {
			out = append(out, bypass(b, p))
		} else if b.Place != cluster[0].Place {
			out = append(out, copied(b, cluster))
		}
	}
	for _, k := range own.Ctors {
		if cluster := c.ctors[k.Place]; cluster != nil && k.Place != cluster[0].Place {
			out = append(out, copiedCtor(k, cluster))
		}
	}
	return out
}

// ProviderFor returns the shared provider in cluster that b should call
// instead of repeating its recipe, or nil. A provider's own recipe is not a
// bypass, nor is a recipe in the provider's own function.
func ProviderFor(b *fp.Block, cluster []*fp.Block) *fp.Block {
	if b.Provider != "" {
		return nil
	}
	for _, p := range cluster {
		if p.Provider != "" && p.Place.Func != b.Place.Func && importable(p.Place.Pkg, b.Place.Pkg) {
			return p
		}
	}
	return nil
}

// importable reports whether package from may import pkg, by the go
// command's rule: a package below an internal directory belongs to the tree
// rooted at that directory's parent, another service's own, not a shared
// provider.
func importable(pkg, from string) bool {
	elems := strings.Split(pkg, "/")
	for i := len(elems) - 1; i > 0; i-- {
		if elems[i] == "internal" {
			parent := strings.Join(elems[:i], "/")
			return from == parent || strings.HasPrefix(from, parent+"/")
		}
	}
	return true
}

func bypass(b, p *fp.Block) analysis.Diagnostic {
	pair := []*fp.Block{p, b}
	short := fp.Short([]string{p.Place.File, b.Place.File})
	diff := fp.Diff(pair, short)
	name := fp.ShortFunc(p.Provider)
	if diff.DeliberateIn[1] {
		return diagnostic(b, CategoryCopiedWiring, []*fp.Block{p}, fmt.Sprintf(
			"this %s setup repeats %s of the shared provider %s, while %s; keep that difference, but take the shared settings from one place (a parameter of %s, or a function both call) so that a fix reaches both",
			b.Kind, sharedNames(pair), name, strings.Join(diff.Deliberate, " and "), name))
	}
	lead := ""
	if len(diff.Defects) > 0 {
		lead = diff.Defects[0] + ", likely a missed fix: "
		diff.Defects = diff.Defects[1:]
	}
	drift := ""
	if d := fp.Limit(append(append(diff.Defects, diff.Other...), diff.Deliberate...), 3); len(d) > 0 {
		drift = " (other differences: " + strings.Join(d, "; ") + ")"
		if lead == "" {
			drift = " (differences: " + strings.Join(d, "; ") + ")"
		}
	}
	return diagnostic(b, CategoryBypassedProvider, []*fp.Block{p}, fmt.Sprintf(
		"%sthis %s setup repeats the recipe of the shared provider %s%s; a hand-written copy misses every later fix to it, so call %s instead",
		lead, b.Kind, name, drift, name))
}

// sharedNames lists the settings two copies set alike.
func sharedNames(pair []*fp.Block) string {
	var names []string
	for _, s := range pair[0].Steps {
		for _, t := range pair[1].Steps {
			if s.Label == t.Label && s.Exact == t.Exact && !slices.Contains(names, s.Name) {
				names = append(names, s.Name)
			}
		}
	}
	if len(names) > 4 {
		return strings.Join(names[:4], ", ") + fmt.Sprintf(" and %d more settings", len(names)-4)
	}
	return strings.Join(names, ", ")
}

// copied leads with the difference that looks like a defect, a setting one
// copy lacks that the others have, since that is the bug to fix first; the
// refactoring advice comes second.
func copied(b *fp.Block, cluster []*fp.Block) analysis.Diagnostic {
	short := fp.Short(files(cluster))
	diff := fp.Diff(cluster, short)
	lead, also := "", ""
	if len(diff.Defects) > 0 {
		// Of two copies either may be the odd one out (a local listener
		// without TLS beside a remote one); three or more outvote it.
		verdict := ", likely a missed fix: "
		if len(cluster) == 2 {
			verdict = ", a missed fix unless the difference is deliberate: "
		}
		lead = diff.Defects[0] + verdict
		diff.Defects = diff.Defects[1:]
		also = " also"
	}
	rest := fp.Limit(append(append(diff.Defects, diff.Other...), diff.Deliberate...), 3)
	clause := " and the copies are identical"
	switch {
	case len(rest) > 0:
		clause = ", and the copies" + also + " differ: " + strings.Join(rest, "; ")
	case lead != "":
		clause = ""
	}
	msg := fmt.Sprintf("%sthis %s setup is copied in %d places (first in %s)%s; copies drift apart with every fix, so move it into one provider function and call it from each place",
		lead, b.Kind, len(cluster), firstPlace(cluster), clause)
	return diagnostic(b, CategoryCopiedWiring, cluster[:1], msg)
}

func firstPlace(cluster []*fp.Block) string {
	short := fp.Short(files(cluster))
	return fmt.Sprintf("%s:%d", short[cluster[0].Place.File], cluster[0].Place.Line)
}

func files(cluster []*fp.Block) []string {
	var out []string
	for _, b := range cluster {
		out = append(out, b.Place.File)
	}
	return out
}

func diagnostic(b *fp.Block, category string, related []*fp.Block, msg string) analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: b.At, End: b.End, Category: category, Message: msg}
	for _, r := range related {
		if r.At.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.At, End: r.End, Message: "first copy"})
		}
	}
	return d
}

func copiedCtor(c *fp.Ctor, cluster []*fp.Ctor) analysis.Diagnostic {
	first := cluster[0]
	d := analysis.Diagnostic{Pos: c.At, End: c.End, Category: CategoryCopiedConstructor, Message: fmt.Sprintf(
		"%s copies the same dependencies (%s) into a struct as %d other constructor%s (first %s); build them once in a shared provider and pass that along instead of repeating the field copies in every service",
		fp.ShortFuncName(c.Name), ShortTypes(c.Params), len(cluster)-1, plural(len(cluster)-1), fp.ShortFunc(first.Name))}
	if first.At.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: first.At, End: first.End, Message: "first copy"}}
	}
	return d
}

func reportUnused(pass *analysis.Pass, res *fingerprint.Result) {
	for _, u := range res.Unused {
		pass.Report(analysis.Diagnostic{
			Pos:      u.Param.Pos(),
			End:      u.Param.End(),
			Category: CategoryUnusedDependency,
			Message: fmt.Sprintf("%s takes %s (%s) but never stores or uses it; the built value silently runs without that dependency, so store %s in a field or remove the parameter",
				fp.ShortFuncName(u.Ctor.Name), u.Param.Name, u.Type, u.Param.Name),
		})
	}
}

var pathPrefix = regexp.MustCompile(`([A-Za-z0-9_.~-]+/)+`)

// ShortTypes prints a dependency signature with package names, not paths.
func ShortTypes(types []string) string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = pathPrefix.ReplaceAllString(t, "")
	}
	return strings.Join(out, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
