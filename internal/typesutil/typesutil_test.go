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
