package mutablecache

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// processDefaults are the standard library's process-wide objects that
// every user of the package shares: setting a field on one changes it for
// all of them.
var processDefaults = map[string]bool{
	"net/http.DefaultTransport": true,
	"net/http.DefaultClient":    true,
}

// mutatedDefaults reports a field written on what may be a process-wide
// default, directly (http.DefaultClient.Timeout = t) or through a field
// that holds it by default (options.transport, set to
// http.DefaultTransport unless an option replaces it). Package main may
// configure the process; a library changes it for every other library.
func (c *checker) mutatedDefaults() {
	if c.pass.Pkg.Name() == "main" {
		return
	}
	holders := c.defaultHolders()
	for _, st := range c.instrs().stores {
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok || c.file(st.Parent().Pos()) == nil {
			continue
		}
		if def, via := defaultOf(fa.X, holders, 0); def != nil {
			c.reportMutatedDefault(st.Parent(), fa, def, via, holders[via].pos)
		}
	}
}

// heldDefault is a process-wide default stored in a field, and where.
type heldDefault struct {
	def *types.Var
	pos token.Pos
}

// defaultHolders maps each field the package stores a process-wide default
// in to that default.
func (c *checker) defaultHolders() map[*types.Var]heldDefault {
	out := map[*types.Var]heldDefault{}
	for _, st := range c.instrs().stores {
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		if def, _ := defaultOf(st.Val, nil, 0); def != nil {
			out[ssautil.FieldOf(fa)] = heldDefault{def: def, pos: st.Pos()}
		}
	}
	return out
}

// defaultOf is the process-wide default v may be, and the field that held
// it on the way (nil when v is the default itself).
func defaultOf(v ssa.Value, holders map[*types.Var]heldDefault, depth int) (*types.Var, *types.Var) {
	if depth > maxValueDepth {
		return nil, nil
	}
	switch v := v.(type) {
	case *ssa.Extract:
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return defaultOf(ta.X, holders, depth+1)
		}
	case *ssa.TypeAssert:
		return defaultOf(v.X, holders, depth+1)
	case *ssa.ChangeType:
		return defaultOf(v.X, holders, depth+1)
	case *ssa.MakeInterface:
		return defaultOf(v.X, holders, depth+1)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil, nil
		}
		switch x := v.X.(type) {
		case *ssa.Global:
			if obj, ok := x.Object().(*types.Var); ok && obj.Pkg() != nil && processDefaults[obj.Pkg().Path()+"."+obj.Name()] {
				return obj, nil
			}
		case *ssa.FieldAddr:
			field := ssautil.FieldOf(x)
			if h, ok := holders[field]; ok {
				return h.def, field
			}
		}
	}
	return nil, nil
}

func (c *checker) reportMutatedDefault(fn *ssa.Function, fa *ssa.FieldAddr, def, via *types.Var, held token.Pos) {
	name := def.Pkg().Name() + "." + def.Name()
	what := name
	if via != nil {
		what = fmt.Sprintf("%s (the default of the %s field)", name, via.Name())
	}
	d := analysis.Diagnostic{
		Pos: fa.Pos(), End: fa.Pos(), Category: CategoryMutatedDefault,
		Message: fmt.Sprintf("%s sets %s on %s, which every user of %s in the process shares, so the change leaks into all of them; set it on a copy (t = t.Clone() for a Transport, a new Client) instead",
			funcName(fn), ssautil.FieldOf(fa).Name(), what, def.Pkg().Name()),
	}
	if held.IsValid() {
		d.Related = []analysis.RelatedInformation{c.related(held, via.Name()+" is set to "+name+" here")}
	}
	c.pass.Report(d)
}
