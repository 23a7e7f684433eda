package typesutil

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestRecvNameAndIsNamed(t *testing.T) {
	const src = `package p

import "sync"

type T struct{ mu sync.Mutex }
type A = T

func (t *T) Ptr()  {}
func (T) Val()     {}
func Plain()       {}
func (a *A) ViaAlias() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Ptr": "T", "Val": "T", "Plain": "", "ViaAlias": "T"}
	for id, obj := range info.Defs {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if got := RecvName(fn); got != want[id.Name] {
			t.Errorf("RecvName(%s) = %q, want %q", id.Name, got, want[id.Name])
		}
		if !IsFunc(fn, "p", want[id.Name], id.Name) || IsFunc(fn, "q", want[id.Name], id.Name) || IsFunc(fn, "p", "U", id.Name) {
			t.Errorf("IsFunc(%s) gave a wrong answer", id.Name)
		}
	}
	mu := pkg.Scope().Lookup("T").Type().Underlying().(*types.Struct).Field(0).Type()
	if IsFunc(nil, "p", "", "Plain") {
		t.Errorf("IsFunc(nil) = true")
	}
	if !IsNamed(mu, "sync", "Mutex") || IsNamed(mu, "sync", "RWMutex") || IsNamed(types.Typ[types.Int], "", "int") {
		t.Errorf("IsNamed gave a wrong answer")
	}
}

// TestFuncKey: a table key matches a method by its receiver's name, pointer
// or not, and FuncOf gives the key a map of them is looked up by.
func TestFuncKey(t *testing.T) {
	const src = `package p

type T struct{}

func (t *T) Ptr() {}
func (T) Val()    {}
func Plain()      {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{}).Check("example.com/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tt := pkg.Scope().Lookup("T").Type()
	ptr, _, _ := types.LookupFieldOrMethod(tt, true, pkg, "Ptr")
	val, _, _ := types.LookupFieldOrMethod(tt, true, pkg, "Val")
	plain := pkg.Scope().Lookup("Plain").(*types.Func)
	for _, tc := range []struct {
		fn   *types.Func
		key  Func
		text string
	}{
		{ptr.(*types.Func), Func{Pkg: "example.com/p", Recv: "T", Name: "Ptr"}, "(example.com/p.T).Ptr"},
		{val.(*types.Func), Func{Pkg: "example.com/p", Recv: "T", Name: "Val"}, "(example.com/p.T).Val"},
		{plain, Func{Pkg: "example.com/p", Name: "Plain"}, "example.com/p.Plain"},
	} {
		if !tc.key.Match(tc.fn) || FuncOf(tc.fn) != tc.key || tc.key.String() != tc.text {
			t.Errorf("%s: Match %v, FuncOf %v, String %q; want key %v, %q", tc.fn, tc.key.Match(tc.fn), FuncOf(tc.fn), tc.key.String(), tc.key, tc.text)
		}
	}
	if (Func{Pkg: "example.com/p", Name: "Ptr"}).Match(ptr.(*types.Func)) {
		t.Error("a function key matched a method")
	}
	if FuncOf(nil) != (Func{}) {
		t.Error("FuncOf(nil) is not the zero key")
	}
}
