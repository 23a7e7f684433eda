package datarace

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
)

// fieldUses is what the package's code does with fields and package
// variables, gathered in one walk for the rules that ask.
type fieldUses struct {
	stores     map[*types.Var][]ssa.Value // the values stored into each
	referenced map[*types.Var]bool        // fields read or whose address is taken
}

// fields walks the package once, its package-level initializers included,
// on first use.
func (c *checker) fields() *fieldUses {
	if c.fieldUses != nil {
		return c.fieldUses
	}
	u := &fieldUses{stores: map[*types.Var][]ssa.Value{}, referenced: map[*types.Var]bool{}}
	funcs := ssautil.WithInitClosures(c.ssa.Pkg, c.ssa.SrcFuncs)
	if init := c.ssa.Pkg.Func("init"); init != nil {
		funcs = append(funcs, init) // package variables' initializers
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				u.add(in)
			}
		}
	}
	c.fieldUses = u
	return u
}

func (u *fieldUses) add(in ssa.Instruction) {
	switch v := in.(type) {
	case *ssa.FieldAddr:
		u.referenced[ssautil.FieldOf(v).Origin()] = true
	case *ssa.Field:
		u.referenced[ssautil.FieldOf(v).Origin()] = true
	case *ssa.Store:
		switch a := v.Addr.(type) {
		case *ssa.FieldAddr:
			f := ssautil.FieldOf(a).Origin()
			u.stores[f] = append(u.stores[f], v.Val)
		case *ssa.Global:
			if g, ok := a.Object().(*types.Var); ok {
				u.stores[g] = append(u.stores[g], v.Val)
			}
		}
	}
}
