package chanops

import (
	"go/constant"
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
	for _, fn := range ssautil.WithInitClosures(ssainfo.Pkg, ssainfo.SrcFuncs) {
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

// FieldBuffered reports whether every channel the package stores into
// field is made here with a constant buffer of at least one slot: a send
// that succeeded may still sit in the buffer, not yet taken by anyone.
func (r *Result) FieldBuffered(field *types.Var) bool {
	if field == nil || field.Exported() || field.Pkg() != r.pass.Pkg || !isChan(field.Type()) {
		return false
	}
	if r.bufferedFields == nil {
		r.bufferedFields = r.collectBufferedFields()
	}
	return r.bufferedFields[field.Origin()]
}

// collectBufferedFields maps each channel field the package stores to
// whether every stored channel is a buffered make.
func (r *Result) collectBufferedFields() map[*types.Var]bool {
	fields := map[*types.Var]bool{}
	ssainfo := r.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	for _, fn := range ssautil.WithInitClosures(ssainfo.Pkg, ssainfo.SrcFuncs) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				st, ok := in.(*ssa.Store)
				if !ok {
					continue
				}
				f := channelField(st.Addr)
				if f == nil {
					continue
				}
				buffered, seen := fields[f]
				fields[f] = (buffered || !seen) && bufferedMake(st.Val)
			}
		}
	}
	return fields
}

func bufferedMake(v ssa.Value) bool {
	mc, ok := v.(*ssa.MakeChan)
	if !ok {
		return false
	}
	size, ok := mc.Size.(*ssa.Const)
	if !ok || size.Value == nil {
		return false
	}
	n, exact := constant.Int64Val(size.Value)
	return exact && n > 0
}

// Signallers returns the functions of the package that send on or close
// the channel held in field, the field of an unexported channel of this
// package. ok is false when some use lets the channel go elsewhere (loaded
// into a variable that is passed, stored or returned), where anyone may
// signal it.
func (r *Result) Signallers(field *types.Var) (fns []*ssa.Function, ok bool) {
	if field == nil || field.Exported() || field.Pkg() != r.pass.Pkg || !isChan(field.Type()) {
		return nil, false
	}
	ssainfo := r.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	seen := map[*ssa.Function]bool{}
	for _, fn := range ssautil.WithInitClosures(ssainfo.Pkg, ssainfo.SrcFuncs) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				v, isVal := in.(ssa.Value)
				if !isVal || channelField(v) != field.Origin() {
					continue
				}
				signals, known := signalUses(v)
				if !known {
					return nil, false
				}
				if signals && !seen[fn] {
					seen[fn] = true
					fns = append(fns, fn)
				}
			}
		}
	}
	return fns, true
}

// signalUses classifies the uses of a selection of a channel field: known
// is false when the channel escapes, signals is true when it is sent on or
// closed.
func signalUses(v ssa.Value) (signals, known bool) {
	chans := []ssa.Value{v}
	if _, byAddr := v.(*ssa.FieldAddr); byAddr {
		chans = chans[:0]
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if ref.Addr != v || !freshChan(ref.Val) && !isNilConst(ref.Val) {
					return false, false
				}
			case *ssa.UnOp:
				if ref.Op != token.MUL {
					return false, false
				}
				chans = append(chans, ref)
			default:
				return false, false
			}
		}
	}
	for _, ch := range chans {
		for _, u := range *ch.Referrers() {
			if _, compared := u.(*ssa.BinOp); compared {
				continue // if s.stop != nil
			}
			switch {
			case isCloseOf(u, ch):
				signals = true
			case !operatedUse(u, ch):
				return false, false
			case sendsOn(u, ch):
				signals = true
			}
		}
	}
	return signals, true
}

func isCloseOf(in ssa.Instruction, ch ssa.Value) bool {
	call, ok := in.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "close" && len(call.Call.Args) == 1 && call.Call.Args[0] == ch
}

// sendsOn reports whether in, an operating use of ch, sends on it.
func sendsOn(in ssa.Instruction, ch ssa.Value) bool {
	switch in := in.(type) {
	case *ssa.Send:
		return true
	case *ssa.Select:
		for _, st := range in.States {
			if st.Chan == ch && st.Dir == types.SendOnly {
				return true
			}
		}
	}
	return false
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}
