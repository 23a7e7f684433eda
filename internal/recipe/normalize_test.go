package recipe_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/msvclint/msvclint/internal/recipe"
)

// check parses and type-checks src, tolerating errors: the normalizer must
// cope with partial type information.
func check(t testing.TB, src string, imp types.Importer) (*ast.File, *types.Info, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, false
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	conf.Check("p", fset, []*ast.File{f}, info)
	return f, info, true
}

// bodies fingerprints each function body of f.
func bodies(f *ast.File, info *types.Info) []string {
	var out []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			out = append(out, recipe.New(info).Stmts(fd.Body.List))
		}
	}
	return out
}

func TestDifferentShapesDiffer(t *testing.T) {
	const src = `package p

import (
	"database/sql"
	"fmt"
	"time"
)

func a(dsn string) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		panic(err)
	}
	db.SetMaxOpenConns(20)
	db.SetConnMaxLifetime(30 * time.Minute)
	fmt.Println(1, "x", db)
}

func b(source string) {
	pool, e := sql.Open("mysql", source)
	if e != nil {
		panic(e)
	}
	pool.SetMaxOpenConns(5)
	pool.SetConnMaxLifetime(time.Minute * 1)
	fmt.Println(pool, 1, "y")
}

func c(dsn string) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		panic(err)
	}
	db.SetMaxIdleConns(20)
	db.SetConnMaxLifetime(30 * time.Minute)
	fmt.Println(1, "x", db)
}
`
	f, info, _ := check(t, src, importer.Default())
	got := bodies(f, info)
	if len(got) != 3 {
		t.Fatalf("got %d bodies", len(got))
	}
	// a and b differ in names, literals and the order of variadic
	// arguments, and in 30*time.Minute against time.Minute*1: the last is
	// a real difference in the expression's shape.
	if got[0] == got[1] {
		t.Errorf("a and b differ in the shape of the lifetime expression, yet fingerprint alike:\n%s", got[0])
	}
	// c calls a different method: never equal.
	if got[0] == got[2] {
		t.Errorf("a and c call different setters, yet fingerprint alike")
	}
}

func TestRenamingAndReorderingOptions(t *testing.T) {
	const src = `package p

import (
	"database/sql"
	"fmt"
)

func a(dsn string) {
	db, err := sql.Open("postgres", dsn)
	_ = err
	db.SetMaxOpenConns(20)
	fmt.Println(1, "x", db)
}

func b(source string) {
	pool, e := sql.Open("mysql", source)
	_ = e
	pool.SetMaxOpenConns(5)
	fmt.Println(pool, 2, "y")
}
`
	f, info, _ := check(t, src, importer.Default())
	got := bodies(f, info)
	if got[0] != got[1] {
		t.Errorf("copies up to names, literals and option order fingerprint differently:\n%s\n%s", got[0], got[1])
	}
}

func TestLiteralsKeptOnRequest(t *testing.T) {
	f, info, _ := check(t, "package p\nfunc f(n int) {}\nfunc a() { f(20) }\nfunc b() { f(25) }\n", nil)
	var calls []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			calls = append(calls, c)
		}
		return true
	})
	loose, exact := recipe.New(info), recipe.New(info)
	exact.Literals = true
	if loose.Expr(calls[0]) != loose.Expr(calls[1]) {
		t.Errorf("literal values must not matter by default")
	}
	if exact.Expr(calls[0]) == exact.Expr(calls[1]) {
		t.Errorf("literal values must matter with Literals set")
	}
}

func TestLookalikeTypesDiffer(t *testing.T) {
	const src = `package p

type A struct{ Addr string }
type B struct{ Addr string }

func a() any { return &A{Addr: ":80"} }
func b() any { return &B{Addr: ":80"} }
`
	f, info, _ := check(t, src, nil)
	got := bodies(f, info)
	if got[0] == got[1] {
		t.Errorf("literals of different types fingerprint alike: %s", got[0])
	}
}
