package mutablecache

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// pkgInstrs are the instructions of the package's functions that the
// shape rules (shared-append, mutated-default, shallow-clone,
// shared-reorder, fill-before-write) read, gathered in one walk and kept
// in the functions' order, so that each rule filters a short list instead
// of walking the package again.
type pkgInstrs struct {
	stores  []*ssa.Store
	calls   []*ssa.Call
	updates []*ssa.MapUpdate
	lookups []*ssa.Lookup
	loads   []*ssa.UnOp // of an element (*IndexAddr)
}

// instrs returns the package's pkgInstrs, walking its functions on first use.
func (c *checker) instrs() *pkgInstrs {
	if c.index != nil {
		return c.index
	}
	ix := &pkgInstrs{}
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Store:
					ix.stores = append(ix.stores, in)
				case *ssa.Call:
					ix.calls = append(ix.calls, in)
				case *ssa.MapUpdate:
					ix.updates = append(ix.updates, in)
				case *ssa.Lookup:
					ix.lookups = append(ix.lookups, in)
				case *ssa.UnOp:
					if _, ok := in.X.(*ssa.IndexAddr); ok && in.Op == token.MUL {
						ix.loads = append(ix.loads, in)
					}
				}
			}
		}
	}
	c.index = ix
	return ix
}
