package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// sharedDefaults reports an exported function writing a field through the
// result of a call that may return the address of a package variable (a
// shared empty default, &emptyResource): on that path the write changes
// the variable every caller gets, while they read it.
func (c *checker) sharedDefaults(generated func(token.Pos) bool) {
	returns := map[*ssa.Function]*ssa.Global{}
	for _, fn := range c.ssa.SrcFuncs {
		if g := returnedGlobal(fn); g != nil {
			returns[fn] = g
		}
	}
	if len(returns) == 0 {
		return
	}
	for _, fn := range c.ssa.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || c.inTestFilePos(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || generated(st.Pos()) {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				call, ok := ssautil.Unwrap(fa.X).(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if g := returns[callee]; g != nil {
					c.reportSharedDefault(st, fa, callee, g)
				}
			}
		}
	}
}

// returnedGlobal returns the package variable whose address fn returns
// as its only result on some path, or nil.
func returnedGlobal(fn *ssa.Function) *ssa.Global {
	if fn.Signature.Results().Len() != 1 {
		return nil
	}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		if g, ok := ret.Results[0].(*ssa.Global); ok && g.Pkg == fn.Pkg {
			if _, isStruct := typesutil.Deref(g.Type()).Underlying().(*types.Struct); isStruct {
				return g
			}
		}
	}
	return nil
}

func (c *checker) reportSharedDefault(st *ssa.Store, fa *ssa.FieldAddr, callee *ssa.Function, g *ssa.Global) {
	field := ssautil.FieldOf(fa)
	c.reportAt(st.Pos(), catDefault,
		fmt.Sprintf("this writes %s of what %s returned, which on one path is &%s, the package variable every caller shares: the write changes it for all of them, while they read it; copy the value before changing it",
			field.Name(), callee.Name(), g.Name()),
		c.relatedPos(callee.Pos(), callee.Name()+" may return &"+g.Name()))
}
