package recipe_test

import (
	"go/ast"
	"go/types"
	"testing"
)

// FuzzNormalize checks on arbitrary Go source, type-checked as far as it
// goes, that normalization never panics, is deterministic, and never depends
// on the spelling of a local variable.
func FuzzNormalize(f *testing.F) {
	f.Add("package p\nfunc f(a int) { b := a; b++; _ = b }\n")
	f.Add("package p\ntype T struct{ X, Y int }\nfunc f(x int) *T { return &T{Y: x, X: 1} }\n")
	f.Add("package p\nfunc g(...int) {}\nfunc f(a, b int) { g(a, b, 3); defer g(); go g(b) }\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, info, ok := check(t, src, nil)
		if !ok {
			return
		}
		before := bodies(file, info)
		if again := bodies(file, info); !equal(before, again) {
			t.Fatalf("not deterministic:\n%q\n%q", before, again)
		}
		renameLocals(file, info)
		if after := bodies(file, info); !equal(before, after) {
			t.Fatalf("renaming locals changed the fingerprint:\n%q\n%q", before, after)
		}
	})
}

// renameLocals respells every identifier that denotes a local variable. The
// type information is keyed by identifier, so it stays valid.
func renameLocals(file *ast.File, info *types.Info) {
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name == "_" {
			return true
		}
		obj := info.ObjectOf(id)
		if v, ok := obj.(*types.Var); ok && v.Pkg() != nil && v.Parent() != v.Pkg().Scope() && !v.IsField() {
			id.Name = "renamed_" + id.Name
		}
		return true
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
