package mutablecache

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// CategoryFillFirst: a write-through cache filled before the write it
// caches, and kept when that write fails.
const CategoryFillFirst = "fill-before-write"

// recvField is a field of a method's receiver.
type recvField struct {
	field *types.Var
	instr ssa.Instruction
}

// fillsBeforeWrite reports a method that puts entries into its type's
// cache (a map or slice field read through before a backing store field on
// a miss) and then returns the error of the backing store's write, keeping
// the entries when it fails: reads then serve data that was never stored
// (raft's LogCache.StoreLogs).
func (c *checker) fillsBeforeWrite() {
	ops := c.receiverFieldOps()
	readThrough := map[[2]*types.Var]bool{} // {cache, store} pairs
	for fn, reads := range ops.reads {
		for _, r := range reads {
			for _, s := range ops.calls[fn] {
				if r.field != s.field && ssautil.Before(r.instr, s.instr) {
					readThrough[[2]*types.Var{r.field, s.field}] = true
				}
			}
		}
	}
	if len(readThrough) == 0 {
		return
	}
	for _, fn := range c.ssa.SrcFuncs {
		if len(ops.writes[fn]) > 0 && c.file(fn.Pos()) != nil {
			c.fillFirstIn(fn, ops.writes[fn], ops.calls[fn], readThrough)
		}
	}
}

func (c *checker) fillFirstIn(fn *ssa.Function, writes, calls []recvField, readThrough map[[2]*types.Var]bool) {
	for _, w := range writes {
		for _, s := range calls {
			if !readThrough[[2]*types.Var{w.field, s.field}] || !ssautil.Before(w.instr, s.instr) {
				continue
			}
			if call, ok := s.instr.(*ssa.Call); ok && returnsErrorOf(call) {
				c.reportFillFirst(fn, w, s)
				return
			}
		}
	}
}

// fieldOps are, per method, the entry reads and writes of its receiver's
// map and slice fields and the method calls on its other fields (the
// backing store: an interface or a pointer).
type fieldOps struct {
	reads, writes, calls map[*ssa.Function][]recvField
}

// receiverFieldOps sorts the package's instruction index into fieldOps.
func (c *checker) receiverFieldOps() fieldOps {
	ops := fieldOps{map[*ssa.Function][]recvField{}, map[*ssa.Function][]recvField{}, map[*ssa.Function][]recvField{}}
	add := func(m map[*ssa.Function][]recvField, in ssa.Instruction, v ssa.Value, entries bool) {
		fn := in.Parent()
		if f := fieldOfRecv(fn, v); f != nil && container(f) == entries {
			m[fn] = append(m[fn], recvField{f, in})
		}
	}
	ix := c.instrs()
	for _, in := range ix.lookups {
		add(ops.reads, in, in.X, true)
	}
	for _, in := range ix.loads {
		add(ops.reads, in, in.X.(*ssa.IndexAddr).X, true)
	}
	for _, in := range ix.updates {
		add(ops.writes, in, in.Map, true)
	}
	for _, in := range ix.stores {
		if ia, ok := in.Addr.(*ssa.IndexAddr); ok {
			add(ops.writes, in, ia.X, true)
		}
	}
	for _, call := range ix.calls {
		common := call.Common()
		recv := common.Value
		if !common.IsInvoke() {
			if common.Signature().Recv() == nil || len(common.Args) == 0 {
				continue
			}
			recv = common.Args[0]
		}
		add(ops.calls, call, recv, false)
	}
	return ops
}

// recvOf returns a method's receiver parameter, or nil.
func recvOf(fn *ssa.Function) *ssa.Parameter {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	return fn.Params[0]
}

// fieldOfRecv returns the field of fn's receiver that v is loaded from.
func fieldOfRecv(fn *ssa.Function, v ssa.Value) *types.Var {
	ld, ok := ssautil.Unwrap(v).(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok || fa.X != recvOf(fn) {
		return nil
	}
	return ssautil.FieldOf(fa)
}

// container reports whether f holds entries: a map or a slice.
func container(f *types.Var) bool {
	switch f.Type().Underlying().(type) {
	case *types.Map, *types.Slice:
		return true
	}
	return false
}

// returnsErrorOf reports whether the function returns the error the call
// returns, straight from its block: the caller learns of the failure, but
// nothing after the call undoes what came before.
func returnsErrorOf(call *ssa.Call) bool {
	res := call.Common().Signature().Results()
	if res.Len() == 0 || !typesutil.IsError(res.At(res.Len()-1).Type()) {
		return false
	}
	for _, in := range call.Block().Instrs {
		ret, ok := in.(*ssa.Return)
		if !ok {
			continue
		}
		for _, r := range ret.Results {
			if r == ssa.Value(call) {
				return true
			}
			if ex, ok := r.(*ssa.Extract); ok && ex.Tuple == ssa.Value(call) && ex.Index == res.Len()-1 {
				return true
			}
		}
	}
	return false
}

func (c *checker) reportFillFirst(fn *ssa.Function, w, s recvField) {
	recv := recvOf(fn).Name()
	cacheName, store := recv+"."+w.field.Name(), recv+"."+s.field.Name()
	method := s.instr.(*ssa.Call).Common().Method
	name := ""
	if method != nil {
		name = "." + method.Name()
	} else if callee := s.instr.(*ssa.Call).Common().StaticCallee(); callee != nil {
		name = "." + callee.Name()
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: w.instr.Pos(), Category: CategoryFillFirst,
		Message: fmt.Sprintf("%s puts entries into %s before %s%s writes them, and keeps them when that write fails: reads served from %s then return data that was never stored; fill %s only after the write succeeds",
			funcName(fn), cacheName, store, name, cacheName, cacheName),
		Related: []analysis.RelatedInformation{c.related(s.instr.Pos(), "the write that may fail")},
	})
}
