package driver

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"
)

// check parses and type-checks n. A standard-library dependency is checked
// without function bodies, which is all its importers need, and its syntax
// is not kept.
func (g *graph) check(n *node) ([]*ast.File, *types.Info) {
	p := n.pkg
	for _, e := range p.Errors {
		n.errs = append(n.errs, packageError(e))
	}
	if p.PkgPath == "unsafe" {
		n.types = types.Unsafe
		return nil, nil
	}
	files := g.parse(n)
	var info *types.Info
	if n.work != typesOnly {
		info = newInfo()
	}
	conf := types.Config{
		Importer:         importer(n),
		Sizes:            p.TypesSizes,
		IgnoreFuncBodies: n.work == typesOnly,
		Error:            func(err error) { n.typeError(err) },
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	n.types, _ = conf.Check(p.PkgPath, g.fset, files, info)
	if n.types == nil { // only for an invalid configuration
		n.types = types.NewPackage(p.PkgPath, p.Name)
	}
	return files, info
}

func (g *graph) parse(n *node) []*ast.File {
	mode := parser.SkipObjectResolution
	if n.work != typesOnly {
		mode |= parser.ParseComments
	}
	var files []*ast.File
	for _, name := range n.pkg.CompiledGoFiles {
		src, err := g.readFile(name)
		if err != nil {
			n.errs = append(n.errs, err)
			continue
		}
		f, err := parser.ParseFile(g.fset, name, src, mode)
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				n.errs = append(n.errs, e)
			}
		} else if err != nil {
			n.errs = append(n.errs, err)
		}
		if f != nil {
			files = append(files, f)
		}
	}
	return files
}

func (g *graph) readFile(name string) ([]byte, error) {
	if src, ok := g.opts.Overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

// importer resolves n's imports to the packages its dependencies checked.
// A dependency that could not even be listed (a missing module) has
// reported why already; importing it fails with errReported, which
// typeError drops, so the user reads the cause once.
func importer(n *node) types.Importer {
	return importerFunc(func(path string) (*types.Package, error) {
		dep, ok := n.pkg.Imports[path]
		if !ok {
			return nil, fmt.Errorf("no metadata for %s", path)
		}
		for _, d := range n.deps {
			if d.pkg != dep {
				continue
			}
			if len(d.errs) > 0 && len(d.pkg.CompiledGoFiles) == 0 {
				return nil, errReported
			}
			if d.types != nil {
				return d.types, nil
			}
		}
		return nil, fmt.Errorf("%s was not type-checked", path)
	})
}

var errReported = errors.New("its errors are reported above")

// typeError records a type error, unless it only repeats a dependency's.
func (n *node) typeError(err error) {
	var te types.Error
	if errors.As(err, &te) && strings.HasPrefix(te.Msg, "could not import ") && strings.HasSuffix(te.Msg, "("+errReported.Error()+")") {
		n.illTyped = true
		return
	}
	n.errs = append(n.errs, err)
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

// packageError gives a go list problem the file:line:col: form of the
// others where it has a position.
func packageError(e packages.Error) error {
	if e.Pos == "" || e.Pos == "-" {
		return errors.New(e.Msg)
	}
	return fmt.Errorf("%s: %s", e.Pos, e.Msg)
}

// firstError is the first problem in n or, if n has none, in its
// dependencies, for the error a skipped root carries.
func firstError(n *node) error {
	if len(n.errs) > 0 {
		return n.errs[0]
	}
	for _, d := range n.deps {
		if d.illTyped {
			return firstError(d)
		}
	}
	return errors.New("package has errors")
}
