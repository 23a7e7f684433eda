// Package mutability is a shared building block that decides from types
// whether a value handed out or kept by one piece of code can be modified by
// another through it. It reports nothing.
//
// Strings, numbers, functions, channels, interfaces and value structs without
// reference fields are immutable; slices and maps are mutable; a pointer is
// mutable when what it points to has fields someone can set. A struct that
// carries its own lock or atomics is a shared object rather than data, and so
// is a struct of another package that exports no field. A type whose
// declaration carries //msvclint:immutable is documented as deliberately
// shared read-only data: the pass exports the Immutable fact for it, so the
// annotation holds in every importing package.
package mutability

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/directive"
	"github.com/msvclint/msvclint/internal/runner"
)

// Analyzer exports Immutable facts and returns a *Checker.
var Analyzer = &analysis.Analyzer{
	Name:       "mutability",
	Doc:        "decide from types whether values can be modified through an alias",
	ResultType: reflect.TypeFor[*Checker](),
	FactTypes:  []analysis.Fact{(*Immutable)(nil)},
	Run:        runner.Recover(run),
}

// Immutable marks a type declared with //msvclint:immutable.
type Immutable struct{}

// AFact marks Immutable as a fact.
func (*Immutable) AFact() {}

func (*Immutable) String() string { return "immutable" }

// Checker answers mutability questions for one package.
type Checker struct {
	pass    *analysis.Pass
	memo    map[types.Type]bool
	outside bool // answer for code outside the type's package
	exposed *Checker
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if !annotated(ts.Doc) && !(len(gd.Specs) == 1 && annotated(gd.Doc)) && !annotated(ts.Comment) {
					continue
				}
				if obj := pass.TypesInfo.Defs[ts.Name]; obj != nil {
					pass.ExportObjectFact(obj, &Immutable{})
				}
			}
		}
	}
	c := &Checker{pass: pass, memo: map[types.Type]bool{}}
	c.exposed = &Checker{pass: pass, memo: map[types.Type]bool{}, outside: true}
	return c, nil
}

func annotated(cg *ast.CommentGroup) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if d, ok := directive.Parse(c.Text); ok && d.Key == "immutable" {
			return true
		}
	}
	return false
}

// Mutable reports whether a value of type t, once shared, can be modified
// through the copy someone else holds: writing an element of a slice, an
// entry of a map, or a field through a pointer.
func (c *Checker) Mutable(t types.Type) bool {
	if c == nil {
		return false
	}
	if v, ok := c.memo[t]; ok {
		return v
	}
	c.memo[t] = false // cycles through pointers end here
	v := c.mutable(t)
	c.memo[t] = v
	return v
}

// MutableOutside is Mutable for code in another package, which can set only
// exported fields: what an exported function hands out can be modified by
// its callers only this way.
func (c *Checker) MutableOutside(t types.Type) bool {
	if c == nil {
		return false
	}
	return c.exposed.Mutable(t)
}

// Annotated reports whether t's declaration says //msvclint:immutable.
func (c *Checker) Annotated(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return c.pass.ImportObjectFact(obj, new(Immutable))
}

func (c *Checker) mutable(t types.Type) bool {
	if c.Annotated(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Map:
		return true
	case *types.Pointer:
		return c.pointee(u.Elem())
	case *types.Array:
		return c.Mutable(u.Elem())
	case *types.Struct:
		return c.refFields(u)
	}
	return false
}

// pointee reports whether writing through a *T changes data others see.
func (c *Checker) pointee(t types.Type) bool {
	if c.Annotated(t) {
		return false
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		_, isIface := t.Underlying().(*types.Interface)
		return !isIface
	}
	if st.NumFields() == 0 || SelfSynchronized(st) || SharedHandle(t) {
		return false
	}
	n, named := types.Unalias(t).(*types.Named)
	if c.outside || named && n.Obj().Pkg() != nil && n.Obj().Pkg() != c.pass.Pkg {
		return exportsField(st)
	}
	return true
}

// refFields reports whether a struct copied by value still shares mutable
// data with the original through one of its fields.
func (c *Checker) refFields(st *types.Struct) bool {
	for i := range st.NumFields() {
		f := st.Field(i)
		switch f.Type().Underlying().(type) {
		case *types.Slice, *types.Map, *types.Pointer, *types.Array, *types.Struct:
			if c.Mutable(f.Type()) {
				return true
			}
		}
	}
	return false
}

func exportsField(st *types.Struct) bool {
	for i := range st.NumFields() {
		if st.Field(i).Exported() {
			return true
		}
	}
	return false
}

// SelfSynchronized reports whether a struct carries its own lock, atomics or
// channel: such a value is an object built to be shared, not plain data.
func SelfSynchronized(st *types.Struct) bool {
	for i := range st.NumFields() {
		t := types.Unalias(st.Field(i).Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if _, ok := t.Underlying().(*types.Chan); ok {
			return true
		}
		n, ok := t.(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			continue
		}
		switch n.Obj().Pkg().Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	return false
}

// sharedHandles are library types with exported fields that are configured
// once and then shared by design.
var sharedHandles = map[[2]string]bool{
	{"net/http", "Client"}: true, {"net/http", "Server"}: true, {"net/http", "Transport"}: true,
	{"crypto/tls", "Config"}: true, {"crypto/tls", "Certificate"}: true, {"crypto/x509", "Certificate"}: true,
	{"log/slog", "Logger"}: true, {"text/template", "Template"}: true, {"html/template", "Template"}: true,
}

// SharedHandle reports whether t is a library type shared by design.
func SharedHandle(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return sharedHandles[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]
}

// Kind names the mutable shape of t for messages and fixes: "slice", "map",
// "pointer" or "" when t is none of them.
func Kind(t types.Type) string {
	switch t.Underlying().(type) {
	case *types.Slice:
		return "slice"
	case *types.Map:
		return "map"
	case *types.Pointer:
		return "pointer"
	}
	return ""
}
