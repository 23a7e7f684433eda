// Package fingerprint is the pass that finds a package's dependency wiring
// (recipes that build and configure a database pool, an HTTP or gRPC server
// or client, a logger, a tracer, a metrics registry, a cache or queue client,
// as listed in internal/knowledge/wiring) and its field-copying constructors,
// fingerprints them with internal/recipe, and exports them as a package
// fact so that every package importing this one can recognize a copy of its
// recipes. It reports nothing.
//
// Test files and generated files (wire_gen.go, protobuf and mock output: any
// file with the standard "Code generated ... DO NOT EDIT." header) are never
// fingerprinted: copies there are not written by hand.
package fingerprint

import (
	"fmt"
	"go/ast"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/goroot"
	fp "github.com/msvclint/msvclint/internal/recipe"
)

// Analyzer fingerprints a package's wiring and constructors.
var Analyzer = &analysis.Analyzer{
	Name:       "fingerprint",
	Doc:        "fingerprint dependency wiring and field-copying constructors, exported as package facts",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Fact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Fact carries a package's recipes and exported constructors to the packages
// that import it. Positions are plain file/line data; token positions are
// dropped since they mean nothing in another process.
type Fact struct {
	Module string // the package's module path, "" when unknown
	Blocks []fp.Block
	Ctors  []fp.Ctor
}

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

func (f *Fact) String() string {
	var parts []string
	for _, b := range f.Blocks {
		parts = append(parts, fmt.Sprintf("%s@%s/%d", fp.ShortFunc(b.Anchor), fp.ShortFunc(b.Place.Func), len(b.Steps)))
	}
	for _, c := range f.Ctors {
		parts = append(parts, "ctor "+fp.ShortFunc(c.Name))
	}
	return "wiring(" + strings.Join(parts, " ") + ")"
}

// Result is what the pass found in the package and what its dependencies'
// facts say, for the check to compare.
type Result struct {
	Blocks []*fp.Block
	Ctors  []*fp.Ctor
	Unused []Unused

	// Imported holds the recipes and constructors of every package this
	// one depends on (directly or not) that has any, by package path.
	ImportedBlocks []*fp.Block
	ImportedCtors  []*fp.Ctor
}

// Unused is a constructor parameter that is neither stored nor used.
type Unused struct {
	Ctor  *fp.Ctor
	Param *ast.Ident
	Type  string
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if inGOROOT(pass) {
		// The standard library defines the wiring APIs; it is not a
		// service that copies them.
		return res, nil
	}
	valueUses := funcsUsedAsValues(pass)
	for _, f := range pass.Files {
		if skipFile(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			res.Blocks = append(res.Blocks, blocksOf(pass, fd)...)
			if c, unused := ctorOf(pass, fd); c != nil {
				res.Ctors = append(res.Ctors, c)
				if !valueUses[fd.Name.Name] {
					res.Unused = append(res.Unused, unused...)
				}
			}
		}
	}
	exportFact(pass, res)
	importFacts(pass, res)
	return res, nil
}

func modulePath(pass *analysis.Pass) string {
	if pass.Module == nil {
		return ""
	}
	return pass.Module.Path
}

// inGOROOT reports whether the package's files are the standard library's.
func inGOROOT(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	return goroot.Holds(goroot.Src(goroot.OfProcess()), pass.Fset.File(pass.Files[0].Pos()).Name())
}

func skipFile(pass *analysis.Pass, f *ast.File) bool {
	name := pass.Fset.File(f.Pos()).Name()
	return ast.IsGenerated(f) || strings.HasSuffix(name, "_test.go")
}

// exportFact publishes what an importer can reuse; a main package cannot be
// imported, so it exports nothing.
func exportFact(pass *analysis.Pass, res *Result) {
	if pass.Pkg.Name() == "main" || len(res.Blocks)+len(res.Ctors) == 0 {
		return
	}
	fact := &Fact{Module: modulePath(pass)}
	for _, b := range res.Blocks {
		c := *b
		c.At, c.End = 0, 0
		fact.Blocks = append(fact.Blocks, c)
	}
	for _, c := range res.Ctors {
		if !ast.IsExported(fp.ShortFuncName(c.Name)) {
			continue
		}
		cc := *c
		cc.At, cc.End = 0, 0
		fact.Ctors = append(fact.Ctors, cc)
	}
	pass.ExportPackageFact(fact)
}

func importFacts(pass *analysis.Pass, res *Result) {
	facts := pass.AllPackageFacts()
	slices.SortFunc(facts, func(a, b analysis.PackageFact) int { return strings.Compare(a.Package.Path(), b.Package.Path()) })
	for _, pf := range facts {
		f, ok := pf.Fact.(*Fact)
		if !ok || pf.Package == pass.Pkg || f.Module != modulePath(pass) {
			// Another module's recipes are its own business: a service
			// is not told to call a library's internals.
			continue
		}
		for i := range f.Blocks {
			res.ImportedBlocks = append(res.ImportedBlocks, &f.Blocks[i])
		}
		for i := range f.Ctors {
			res.ImportedCtors = append(res.ImportedCtors, &f.Ctors[i])
		}
	}
}
