package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/fixes"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// mapWriters are methods of map types that write their receiver.
var mapWriters = map[typesutil.Func]bool{
	{Pkg: "net/http", Recv: "Header", Name: "Set"}: true,
	{Pkg: "net/http", Recv: "Header", Name: "Add"}: true,
	{Pkg: "net/http", Recv: "Header", Name: "Del"}: true,
	{Pkg: "net/url", Recv: "Values", Name: "Set"}:  true,
	{Pkg: "net/url", Recv: "Values", Name: "Add"}:  true,
	{Pkg: "net/url", Recv: "Values", Name: "Del"}:  true,
}

// callerMaps reports an exported function that writes into a map held in
// a field of a struct parameter passed by value (containerd's
// NewResolver(options) setting options.Headers["User-Agent"]): the copy
// shares the map with the caller, so callers that pass the same options
// from several goroutines write one map at once, and each caller's map
// changes under it. A map the function put in the field first, on every
// path, is its own, and a method's receiver is not a caller's argument.
func (c *checker) callerMaps(generated func(token.Pos) bool) {
	for _, fn := range c.ssa.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || c.inTestFilePos(fn.Pos()) {
			continue
		}
		seen := map[*types.Var]bool{}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				m := writtenMap(instr)
				if m == nil || generated(instr.Pos()) {
					continue
				}
				p, f := callerField(fn, m, instr)
				if f != nil && !seen[f] && !isReceiver(fn, p) {
					seen[f] = true
					c.reportCallerMap(fn, instr, p, f)
				}
			}
		}
	}
}

// writtenMap returns the map an instruction writes into: an element
// assignment, delete, or a writing method of http.Header or url.Values.
func writtenMap(instr ssa.Instruction) ssa.Value {
	switch in := instr.(type) {
	case *ssa.MapUpdate:
		return in.Map
	case *ssa.Call:
		common := in.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "delete" && len(common.Args) == 2 {
			return common.Args[0]
		}
		if callee := common.StaticCallee(); callee != nil && len(common.Args) > 0 {
			if f, ok := callee.Object().(*types.Func); ok && mapWriters[typesutil.FuncOf(f)] {
				return common.Args[0]
			}
		}
	}
	return nil
}

// callerField returns the by-value struct parameter and its map field
// that m is loaded from, when some path from the function's entry to
// instr leaves the field as the caller passed it.
func callerField(fn *ssa.Function, m ssa.Value, instr ssa.Instruction) (*ssa.Parameter, *types.Var) {
	switch v := ssautil.Unwrap(m).(type) {
	case *ssa.Field:
		p, ok := v.X.(*ssa.Parameter)
		if !ok || !byValueStruct(p.Type()) {
			return nil, nil
		}
		return p, ssautil.FieldOf(v)
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if v.Op != token.MUL || !ok {
			return nil, nil
		}
		cell, ok := fa.X.(*ssa.Alloc)
		if !ok {
			return nil, nil
		}
		p := paramCopied(fn, cell)
		if p == nil || !byValueStruct(p.Type()) || replacedOnEveryPath(cell, fa.Field, v) {
			return nil, nil
		}
		return p, ssautil.FieldOf(fa)
	}
	return nil, nil
}

// isReceiver reports whether p is fn's receiver: a value type's methods
// writing the map it wraps (a set's Add) is what the type is for.
func isReceiver(fn *ssa.Function, p *ssa.Parameter) bool {
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p
}

// byValueStruct reports whether t is a named struct type (an options or
// config value), not a pointer to one.
func byValueStruct(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	_, ok = n.Underlying().(*types.Struct)
	return ok
}

// paramCopied returns the parameter whose value the local cell holds: SSA
// gives a parameter whose fields the function assigns a cell of its own,
// stored from the parameter at entry.
func paramCopied(fn *ssa.Function, cell *ssa.Alloc) *ssa.Parameter {
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
			if p, ok := st.Val.(*ssa.Parameter); ok && p.Parent() == fn {
				return p
			}
		}
	}
	return nil
}

// replacedOnEveryPath reports whether every path from the entry to load
// stores into field of cell (or into the whole cell after the parameter's
// copy) before it.
func replacedOnEveryPath(cell *ssa.Alloc, field int, load ssa.Instruction) bool {
	kills := func(in ssa.Instruction) bool {
		st, ok := in.(*ssa.Store)
		if !ok {
			return false
		}
		if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
			return fa.X == cell && fa.Field == field
		}
		_, fromParam := st.Val.(*ssa.Parameter)
		return st.Addr == cell && !fromParam
	}
	// Walk back from the load; reaching the entry block's start without a
	// kill is a path on which the field is still the caller's.
	before := func(b *ssa.BasicBlock, end int) bool {
		for i := end - 1; i >= 0; i-- {
			if kills(b.Instrs[i]) {
				return true
			}
		}
		return false
	}
	start := load.Block()
	if before(start, indexIn(start, load)) {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{start: true}
	work := []*ssa.BasicBlock{start}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b.Index == 0 {
			return false
		}
		for _, pred := range b.Preds {
			if seen[pred] || before(pred, len(pred.Instrs)) {
				continue
			}
			seen[pred] = true
			work = append(work, pred)
		}
	}
	return true
}

func indexIn(b *ssa.BasicBlock, in ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == in {
			return i
		}
	}
	return len(b.Instrs)
}

func (c *checker) reportCallerMap(fn *ssa.Function, instr ssa.Instruction, p *ssa.Parameter, f *types.Var) {
	name := p.Name() + "." + f.Name()
	var fix []analysis.SuggestedFix
	if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Body != nil && len(decl.Body.List) > 0 {
		method := typesutil.IsNamed(f.Type(), "net/http", "Header")
		fix = fixes.CloneFirst(c.pass, c.fileOf(decl.Pos()), decl.Body.List[0], name, method)
	}
	var node ast.Node = &ast.Ident{NamePos: instr.Pos()}
	if e := c.names.at(instr.Pos()); e != nil {
		node = e
	}
	c.reportFixed(node, catCallerMap,
		fmt.Sprintf("%s writes into %s, a map it shares with its caller although %s is passed by value: callers that pass the same %s from several goroutines write one map at once, and each caller's map changes under it; clone the map before changing it",
			funcName(fn), name, p.Name(), p.Name()),
		fix, c.relatedPos(p.Pos(), p.Name()+" is a copy, but its map is not"))
}
