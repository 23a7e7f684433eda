package chanops

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// FieldNeverClosed reports whether field is a channel field of this
// package that no code can close: it is unexported, so only the package
// reaches it, and every use the package makes of it is a receive, a send, a
// select case, len or cap, or the store of a channel made for it alone. A
// channel that is loaded into a variable, passed or returned may be closed
// there, so such a field is not proven.
func (r *Result) FieldNeverClosed(field *types.Var) bool {
	if field == nil || field.Exported() || field.Pkg() != r.pass.Pkg || !isChan(field.Type()) {
		return false
	}
	if r.openFields == nil {
		r.openFields = r.collectOpenFields()
	}
	open, used := r.openFields[field.Origin()]
	return used && !open
}

// collectOpenFields maps each channel field the package uses to whether
// some use lets its channel be closed.
func (r *Result) collectOpenFields() map[*types.Var]bool {
	fields := map[*types.Var]bool{}
	ssainfo := r.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	for _, fn := range ssainfo.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				v, ok := in.(ssa.Value)
				if !ok {
					continue
				}
				f := channelField(v)
				if f == nil {
					continue
				}
				fields[f] = fields[f] || !closedOnlyByNoOne(v)
			}
		}
	}
	return fields
}

// channelField returns the channel field v selects, by address or by value.
func channelField(v ssa.Value) *types.Var {
	switch v.(type) {
	case *ssa.FieldAddr, *ssa.Field:
	default:
		return nil
	}
	f := ssautil.FieldOf(v)
	if f == nil || !isChan(f.Type()) {
		return nil
	}
	return f.Origin()
}

// closedOnlyByNoOne reports whether every use of the field selection v
// operates the channel in place.
func closedOnlyByNoOne(v ssa.Value) bool {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != v || !freshChan(ref.Val) {
				return false
			}
		case *ssa.UnOp:
			if _, byAddr := v.(*ssa.FieldAddr); !byAddr || ref.Op != token.MUL || !operatedInPlace(ref) {
				return false
			}
		default:
			if _, byValue := v.(*ssa.Field); !byValue || !operatedUse(ref, v) {
				return false
			}
		}
	}
	return true
}

// freshChan reports whether v is a channel made only to be stored.
func freshChan(v ssa.Value) bool {
	if _, ok := v.(*ssa.MakeChan); !ok {
		return false
	}
	for _, ref := range *v.Referrers() {
		if _, ok := ref.(*ssa.Store); !ok {
			if _, dbg := ref.(*ssa.DebugRef); !dbg {
				return false
			}
		}
	}
	return true
}

// operatedInPlace reports whether every use of the loaded channel ch
// sends, receives, selects on it or measures it.
func operatedInPlace(ch ssa.Value) bool {
	for _, ref := range *ch.Referrers() {
		if !operatedUse(ref, ch) {
			return false
		}
	}
	return true
}

func operatedUse(ref ssa.Instruction, ch ssa.Value) bool {
	switch ref := ref.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.UnOp:
		return ref.Op == token.ARROW
	case *ssa.Send:
		return ref.Chan == ch && ref.X != ch
	case *ssa.Select:
		for _, st := range ref.States {
			if st.Send == ch {
				return false
			}
		}
		return true
	case *ssa.Call:
		b, ok := ref.Call.Value.(*ssa.Builtin)
		return ok && (b.Name() == "len" || b.Name() == "cap")
	}
	return false
}
