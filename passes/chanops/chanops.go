// Package chanops is a shared building block: it summarizes, per function,
// what the function does with each of its channel parameters (sends on it,
// receives from it, closes it, or lets it escape where the summary cannot
// follow) and whether the function can return at all. It reports nothing.
//
// The summaries are exported as facts on functions with channel parameters
// or that never return, so a call into an imported package is understood as
// well as a call within the package. The Result answers the same questions
// for any SSA value of the package, such as a channel a goroutine captures.
package chanops

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/runner"
	"github.com/msvclint/msvclint/passes/noreturn"
)

// Analyzer computes the Result and the Summary facts for a package.
var Analyzer = &analysis.Analyzer{
	Name:       "chanops",
	Doc:        "summarize the channel operations of each function and whether it can return",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, noreturn.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Summary)(nil)},
	Run:        runner.Recover(run),
}

// Ops is a set of operations on one channel.
type Ops uint8

// The operations. A send or receive that is one case of a select with others
// is SelSend or SelRecv: it does not block forever when another case fires.
const (
	Send Ops = 1 << iota
	Recv
	SelSend
	SelRecv
	Close
	Escape // stored, returned, converted, or passed where no summary follows
)

func (o Ops) String() string {
	var parts []string
	for i, name := range []string{"send", "recv", "selsend", "selrecv", "close", "escape"} {
		if o&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, "+")
}

// Summary is a function's fact: Params[i] is what it does with its i-th
// parameter (a method's receiver is parameter 0), NoReturn that no path
// through it returns.
type Summary struct {
	Params   []Ops
	NoReturn bool
}

// AFact marks Summary as a fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var b strings.Builder
	b.WriteString("chanops(")
	sep := ""
	for i, o := range s.Params {
		if o != 0 {
			fmt.Fprintf(&b, "%s%d:%s", sep, i, o)
			sep = " "
		}
	}
	if s.NoReturn {
		b.WriteString(sep + "noreturn")
	}
	b.WriteString(")")
	return b.String()
}

// Result answers questions about the package's SSA functions.
type Result struct {
	pass    *analysis.Pass
	never   *noreturn.Result
	sums    map[*ssa.Function]*Summary
	pending map[*ssa.Function]bool
	// openFields maps the package's channel fields to whether some use
	// may close them; built on first use.
	openFields map[*types.Var]bool
	// bufferedFields maps the channel fields the package stores to
	// whether every stored channel is buffered; built on first use.
	bufferedFields map[*types.Var]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{pass: pass, never: pass.ResultOf[noreturn.Analyzer].(*noreturn.Result), sums: map[*ssa.Function]*Summary{}, pending: map[*ssa.Function]bool{}}
	for _, fn := range ssainfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		s := r.Summary(fn)
		if s.NoReturn || anyOps(s.Params) {
			pass.ExportObjectFact(obj, s)
		}
	}
	return r, nil
}

func anyOps(ops []Ops) bool {
	for _, o := range ops {
		if o != 0 {
			return true
		}
	}
	return false
}

// Summary returns fn's summary, computing it for functions of this package
// and reading the fact for imported ones. A function without a known summary
// lets every channel escape and may return.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	if s := r.sums[fn]; s != nil {
		return s
	}
	if fn.Blocks == nil || fn.Pkg == nil || fn.Pkg.Pkg != r.pass.Pkg {
		return r.imported(fn)
	}
	if r.pending[fn] {
		return unknown(fn) // recursion: assume the worst until the summary is done
	}
	r.pending[fn] = true
	s := &Summary{Params: make([]Ops, len(fn.Params))}
	for i, p := range fn.Params {
		if isChan(p.Type()) {
			s.Params[i] = r.OpsOn(fn, p)
		}
	}
	s.NoReturn = !r.CanReturn(fn, nil)
	delete(r.pending, fn)
	r.sums[fn] = s
	return s
}

func (r *Result) imported(fn *ssa.Function) *Summary {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return unknown(fn)
	}
	if r.never.Never(obj) {
		s := unknown(fn)
		s.NoReturn = true
		return s
	}
	var s Summary
	if obj.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(obj.Origin(), &s) {
		return &s
	}
	return unknown(fn)
}

// unknown is the summary of a function whose body is not known: every
// channel argument escapes, and it may return.
func unknown(fn *ssa.Function) *Summary {
	n := len(fn.Params)
	if n == 0 && fn.Signature != nil {
		n = fn.Signature.Params().Len()
		if fn.Signature.Recv() != nil {
			n++
		}
	}
	s := &Summary{Params: make([]Ops, n)}
	for i := range s.Params {
		s.Params[i] = Escape
	}
	return s
}

// AssignedOnce reports whether the cell is stored to exactly once: the
// variable it holds is never reassigned.
func AssignedOnce(cell *ssa.Alloc) bool {
	n := 0
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
			n++
		}
	}
	return n == 1
}

// isChanPtr reports whether t points to a channel: the cell of a channel
// variable that a closure captures.
func isChanPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	return ok && isChan(p.Elem())
}

// Aliases returns v and the values of fn that are the same channel: its
// direction conversions and, when v is the cell of a captured channel
// variable, the loads from it.
func Aliases(v ssa.Value) []ssa.Value {
	out := []ssa.Value{v}
	for i := 0; i < len(out); i++ {
		refs := out[i].Referrers()
		if refs == nil {
			continue
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case *ssa.ChangeType:
				out = append(out, ref)
			case *ssa.UnOp:
				if ref.Op == token.MUL && isChanPtr(out[i].Type()) {
					out = append(out, ref)
				}
			}
		}
	}
	return out
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// OpsOn returns what fn does with v, a value of fn (a parameter, a free
// variable, a made channel): its own sends, receives and closes, those of the
// functions it passes v to, and those of the closures it builds capturing v.
func (r *Result) OpsOn(fn *ssa.Function, v ssa.Value) Ops {
	var ops Ops
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.ChangeType:
				walk(ref)
			case *ssa.Send:
				if ref.X == v {
					ops |= Escape
				} else {
					ops |= Send
				}
			case *ssa.UnOp:
				switch {
				case ref.Op == token.ARROW:
					ops |= Recv
				case ref.Op == token.MUL && isChanPtr(v.Type()):
					walk(ref) // a load of a captured channel variable
				default:
					ops |= Escape
				}
			case *ssa.Store:
				cell, ok := ref.Addr.(*ssa.Alloc)
				switch {
				case ok && ref.Val == v && AssignedOnce(cell):
					walk(cell) // a channel variable captured by a closure lives in a cell
				case ok && ref.Addr == v && AssignedOnce(cell):
					// the cell's one initializing store
				default:
					ops |= Escape
				}
			case *ssa.BinOp: // comparison with nil or another channel
			case *ssa.Select:
				ops |= selectOps(ref, v)
			case *ssa.MakeClosure:
				ops |= r.closureOps(ref, v)
			case ssa.CallInstruction:
				ops |= r.callOps(ref.Common(), v)
			default:
				ops |= Escape
			}
		}
	}
	walk(v)
	return ops
}

func selectOps(sel *ssa.Select, v ssa.Value) Ops {
	var ops Ops
	alone := sel.Blocking && len(sel.States) == 1
	for _, st := range sel.States {
		switch {
		case st.Send == v:
			ops |= Escape
		case st.Chan != v:
		case st.Dir == types.SendOnly && alone:
			ops |= Send
		case st.Dir == types.SendOnly:
			ops |= SelSend
		case alone:
			ops |= Recv
		default:
			ops |= SelRecv
		}
	}
	return ops
}

func (r *Result) closureOps(mc *ssa.MakeClosure, v ssa.Value) Ops {
	var ops Ops
	if mc.Fn == v {
		return Escape
	}
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b == v && i < len(fn.FreeVars) {
			ops |= r.OpsOn(fn, fn.FreeVars[i])
		}
	}
	return ops
}

func (r *Result) callOps(c *ssa.CallCommon, v ssa.Value) Ops {
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			return Close
		case "len", "cap":
			return 0
		}
		return Escape
	}
	callee := c.StaticCallee()
	if callee == nil || c.Value == v {
		return Escape
	}
	s := r.Summary(callee)
	var ops Ops
	for i, a := range c.Args {
		if a != v {
			continue
		}
		if i < len(s.Params) {
			ops |= s.Params[i]
		} else {
			ops |= Escape
		}
	}
	return ops
}
