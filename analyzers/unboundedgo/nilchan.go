package unboundedgo

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// nilChannels reports a send or receive, outside a select, on an
// unexported channel field that nothing in the package ever assigns: the
// field is nil in every object, and an operation on a nil channel blocks
// forever. (In a select a nil case is the idiom for a disabled case.)
func (c *checker) nilChannels() {
	assigned := c.assignedFields()
	for _, fn := range ssautil.WithInitClosures(c.ssa.Pkg, c.ssa.SrcFuncs) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				var ch ssa.Value
				verb := "send"
				switch in := in.(type) {
				case *ssa.Send:
					ch = in.Chan
				case *ssa.UnOp:
					if in.Op == token.ARROW {
						ch, verb = in.X, "receive"
					}
				}
				if f := neverMadeField(c, ch, assigned); f != nil && !c.generatedOnly(in.Pos()) {
					c.reportNilChan(in, f, verb)
				}
			}
		}
	}
}

// assignedFields collects the fields the package stores into, or whose
// address it lets go; computed once.
func (c *checker) assignedFields() map[*types.Var]bool {
	if c.storedFields != nil {
		return c.storedFields
	}
	out := map[*types.Var]bool{}
	c.storedFields = out
	for _, fn := range ssautil.WithInitClosures(c.ssa.Pkg, c.ssa.SrcFuncs) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Store:
					if f := ssautil.FieldOf(in.Addr); f != nil {
						out[f.Origin()] = true
					}
				case *ssa.FieldAddr:
					if addressTaken(in) {
						out[ssautil.FieldOf(in).Origin()] = true // &s.ch may be stored through
					}
				}
			}
		}
	}
	return out
}

// neverMadeField returns the field ch is loaded from when it is an
// unexported channel field of this package that nothing assigns.
func neverMadeField(c *checker, ch ssa.Value, assigned map[*types.Var]bool) *types.Var {
	ld, ok := ch.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	f := ssautil.FieldOf(fa)
	if f == nil || f.Exported() || f.Pkg() != c.pass.Pkg || assigned[f.Origin()] {
		return nil
	}
	// A field of a struct type literal is a new field object in every
	// spelling of the type, so its stores cannot be matched to its uses.
	if _, named := types.Unalias(typesutil.Deref(fa.X.Type())).(*types.Named); !named {
		return nil
	}
	if _, isChan := f.Type().Underlying().(*types.Chan); !isChan {
		return nil
	}
	return f
}

func (c *checker) reportNilChan(in ssa.Instruction, f *types.Var, verb string) {
	c.pass.Report(analysis.Diagnostic{
		Pos: in.Pos(), Category: CategoryLeak,
		Message: fmt.Sprintf("nothing in the package ever assigns %s, so it is a nil channel and this %s blocks forever; make the channel where the object is built", f.Name(), verb),
	})
}

func addressTaken(fa *ssa.FieldAddr) bool {
	for _, ref := range *fa.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return true
			}
		case *ssa.Store:
			if ref.Addr != fa {
				return true
			}
		default:
			return true
		}
	}
	return false
}
