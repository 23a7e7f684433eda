package runner

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestAloneFromSyntax checks the decision without any file on disk, as in an
// editor's unsaved buffer: pass.ReadFile is nil here.
func TestAloneFromSyntax(t *testing.T) {
	const src = `package p

func f() { //msvclint:ignore x not alone: code before it
	//msvclint:ignore x alone
	_ = 1 //msvclint:ignore x not alone: after a statement
	/* c */ //msvclint:ignore x not alone: after another comment
	if true {
	} //msvclint:ignore x not alone: after a closing brace
		//msvclint:ignore x alone, indented
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{Fset: fset}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, "//msvclint:") {
				continue
			}
			want := !strings.Contains(c.Text, "not alone")
			if got := aloneOnLine(pass, f, c); got != want {
				t.Errorf("aloneOnLine(%q) = %v, want %v", c.Text, got, want)
			}
		}
	}
}
