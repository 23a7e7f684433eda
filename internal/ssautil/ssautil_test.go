package ssautil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

type S struct{ inner *T }
type T struct{ n int }

func (t *T) Get(k int) int { return k }

type Getter interface{ Get(k int) int }

func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}

func calls(s *S, g Getter) (int, int, any) {
	return s.inner.Get(1), g.Get(2), any(s)
}
`

func build(t *testing.T) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// TestBlocks: a loop's header reaches itself and the exit; the entry is in
// no cycle and nothing reaches back to it.
func TestBlocks(t *testing.T) {
	fn := build(t).Func("loop")
	entry := fn.Blocks[0]
	var header *ssa.BasicBlock
	for _, b := range fn.Blocks {
		if b.Comment == "for.loop" {
			header = b
		}
	}
	if header == nil {
		t.Fatal("no for.loop block")
	}
	if !InCycle(header) || InCycle(entry) {
		t.Errorf("InCycle(header) = %v, InCycle(entry) = %v; want true, false", InCycle(header), InCycle(entry))
	}
	if !Reaches(entry, header) || Reaches(header, entry) || !Reaches(entry, entry) {
		t.Error("Reaches disagrees with the loop's edges")
	}
	first, head := entry.Instrs[0], header.Instrs[0]
	if Index(first) != 0 || !Precedes(first, head) || Precedes(head, first) || Precedes(first, first) {
		t.Error("Precedes disagrees with the entry dominating the loop header")
	}
}

// TestCalls: a static method call and an interface call both name their
// method, the signature's arguments leave out the static receiver, the
// receiver is read from parameter s through a field, and any(s) unwraps to s.
func TestCalls(t *testing.T) {
	fn := build(t).Func("calls")
	var callsSeen []*ssa.CallCommon
	var made *ssa.MakeInterface
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Call:
				callsSeen = append(callsSeen, in.Common())
			case *ssa.MakeInterface:
				made = in
			}
		}
	}
	if len(callsSeen) != 2 || made == nil {
		t.Fatalf("want two calls and a MakeInterface, got %d calls", len(callsSeen))
	}
	static, invoke := callsSeen[0], callsSeen[1]
	for _, c := range callsSeen {
		if got := Callee(c); got == nil || got.Name() != "Get" {
			t.Errorf("Callee(%v) = %v, want a Get method", c, got)
		}
		if len(SigArgs(c)) != 1 {
			t.Errorf("SigArgs(%v) has %d values, want the key only", c, len(SigArgs(c)))
		}
	}
	if p := ParamRoot(static.Args[0]); p == nil || p.Name() != "s" {
		t.Errorf("ParamRoot(receiver of s.inner.Get) = %v, want parameter s", p)
	}
	if p := ParamRoot(invoke.Value); p == nil || p.Name() != "g" {
		t.Errorf("ParamRoot(g) = %v, want parameter g", p)
	}
	if got := Unwrap(made); got != fn.Params[0] {
		t.Errorf("Unwrap(any(s)) = %v, want parameter s", got)
	}
}
