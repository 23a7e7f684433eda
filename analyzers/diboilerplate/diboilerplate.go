package diboilerplate

import (
	_ "embed"
	"flag"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/checkdoc"
	fp "github.com/msvclint/msvclint/internal/fingerprint"
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
	Name:     "diboilerplate",
	Doc:      checkdoc.MustExtract(doc, "diboilerplate"),
	URL:      "https://github.com/msvclint/msvclint/blob/main/analyzers/diboilerplate/doc.go",
	Run:      runner.Wrap(run),
	Requires: []*analysis.Analyzer{fingerprint.Analyzer},
	Flags:    flags(),
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

// run reports what this package's recipes and constructors repeat among
// themselves and from the packages it imports. Packages that do not import
// each other are msvclint dupes' business, reading the pass directly.
func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[fingerprint.Analyzer].(*fingerprint.Result)
	if len(res.Blocks)+len(res.Ctors) == 0 {
		return nil, nil
	}
	reportBlocks(pass, res)
	reportCtors(pass, res)
	reportUnused(pass, res)
	return nil, nil
}

func reportBlocks(pass *analysis.Pass, res *fingerprint.Result) {
	own := map[*fp.Block]bool{}
	for _, b := range res.Blocks {
		own[b] = true
	}
	visible := append(append([]*fp.Block(nil), res.Blocks...), res.ImportedBlocks...)
	for _, cluster := range fp.Cluster(visible, opts.MinSteps, opts.MinCopies) {
		for _, b := range cluster {
			if !own[b] {
				continue
			}
			if p := ProviderFor(b, cluster); p != nil {
				reportBypass(pass, b, p)
			} else if b != cluster[0] {
				reportCopy(pass, b, cluster)
			}
		}
	}
}

// ProviderFor returns the shared provider in cluster that b should call
// instead of repeating its recipe, or nil. A provider's own recipe is not a
// bypass, nor is a recipe in the provider's own function.
func ProviderFor(b *fp.Block, cluster []*fp.Block) *fp.Block {
	if b.Provider != "" {
		return nil
	}
	for _, p := range cluster {
		if p.Provider != "" && p.Place.Func != b.Place.Func {
			return p
		}
	}
	return nil
}

func reportBypass(pass *analysis.Pass, b, p *fp.Block) {
	pair := []*fp.Block{p, b}
	short := fp.Short([]string{p.Place.File, b.Place.File})
	drift := ""
	if d := fp.Drift(pair, short, 3); len(d) > 0 {
		drift = " (differences: " + strings.Join(d, "; ") + ")"
	}
	name := fp.ShortFunc(p.Provider)
	report(pass, b, CategoryBypassedProvider, []*fp.Block{p}, fmt.Sprintf(
		"this %s setup repeats the recipe of the shared provider %s%s; a hand-written copy misses every later fix to it, so call %s instead",
		b.Kind, name, drift, name))
}

func reportCopy(pass *analysis.Pass, b *fp.Block, cluster []*fp.Block) {
	msg := fmt.Sprintf("this %s setup is copied in %d places (first in %s)%s; copies drift apart with every fix, so move it into one provider function and call it from each place",
		b.Kind, len(cluster), firstPlace(cluster), DriftClause(cluster))
	report(pass, b, CategoryCopiedWiring, cluster[:1], msg)
}

// DriftClause is the message part that says what a cluster's copies
// differ in, or that they are identical.
func DriftClause(cluster []*fp.Block) string {
	d := fp.Drift(cluster, fp.Short(files(cluster)), 3)
	if len(d) == 0 {
		return " and the copies are identical"
	}
	return ", and the copies differ: " + strings.Join(d, "; ")
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

func report(pass *analysis.Pass, b *fp.Block, category string, related []*fp.Block, msg string) {
	d := analysis.Diagnostic{Pos: b.At, End: b.End, Category: category, Message: msg}
	for _, r := range related {
		if r.At.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.At, End: r.End, Message: "first copy"})
		}
	}
	pass.Report(d)
}

func reportCtors(pass *analysis.Pass, res *fingerprint.Result) {
	own := map[*fp.Ctor]bool{}
	for _, c := range res.Ctors {
		own[c] = true
	}
	visible := append(append([]*fp.Ctor(nil), res.Ctors...), res.ImportedCtors...)
	for _, cluster := range fp.ClusterCtors(visible, opts.MinParams, opts.MinCopies) {
		for _, c := range cluster[1:] {
			if !own[c] {
				continue
			}
			first := cluster[0]
			d := analysis.Diagnostic{Pos: c.At, End: c.End, Category: CategoryCopiedConstructor, Message: fmt.Sprintf(
				"%s copies the same dependencies (%s) into a struct as %d other constructor%s (first %s); build them once in a shared provider and pass that along instead of repeating the field copies in every service",
				fp.ShortFuncName(c.Name), ShortTypes(c.Params), len(cluster)-1, plural(len(cluster)-1), fp.ShortFunc(first.Name))}
			if first.At.IsValid() {
				d.Related = []analysis.RelatedInformation{{Pos: first.At, End: first.End, Message: "first copy"}}
			}
			pass.Report(d)
		}
	}
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
