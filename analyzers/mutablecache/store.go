package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/passes/lockset"
)

// returnedStore reports an exported method that returns a slice or map field
// of its receiver, read with the receiver's lock held, when the package
// changes that field's contents in place (element and key writes, deletes, a
// truncating reslice, an in-place sort): the caller keeps reading it after
// the lock is released while another goroutine changes it under the lock.
// A store that is only ever replaced (copy on write) is safe to hand out.
func (c *checker) returnedStore() {
	inPlace := c.changedInPlace()
	if len(inPlace) == 0 {
		return
	}
	for _, fn := range c.locks.SSA.SrcFuncs {
		if !exported(fn) || fn.Signature.Recv() == nil || c.file(fn.Pos()) == nil {
			continue
		}
		locked := lockedLoads(c.locks.Summary(fn))
		reported := map[*ssa.UnOp]bool{}
		for _, b := range fn.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			for _, v := range ret.Results {
				if load, field := storeLoad(v, locked, 0); load != nil && inPlace[field] != token.NoPos && !reported[load] {
					reported[load] = true
					c.reportStore(fn, load, field, inPlace[field])
				}
			}
		}
	}
}

// lockedLoads returns the positions of the function's own reads of a field
// made with a lock of the same object held.
func lockedLoads(s *lockset.Summary) map[token.Pos]bool {
	out := map[token.Pos]bool{}
	for _, a := range s.Accesses {
		if a.Depth == 0 && a.Kind == lockset.Read && len(lockset.Keys(a)) > 0 {
			out[a.Pos] = true
		}
	}
	return out
}

// storeLoad follows a returned value back through phis to a load of a
// slice or map field of the receiver made under its lock.
func storeLoad(v ssa.Value, locked map[token.Pos]bool, depth int) (*ssa.UnOp, *types.Var) {
	if depth > 4 {
		return nil, nil
	}
	switch v := v.(type) {
	case *ssa.Phi:
		for _, e := range v.Edges {
			if load, f := storeLoad(e, locked, depth+1); load != nil {
				return load, f
			}
		}
	case *ssa.UnOp:
		if cell, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			// The result slot a function with defers returns through.
			for _, ref := range *cell.Referrers() {
				if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
					if load, f := storeLoad(st.Val, locked, depth+1); load != nil {
						return load, f
					}
				}
			}
			return nil, nil
		}
		fa, ok := v.X.(*ssa.FieldAddr)
		if v.Op != token.MUL || !ok || !locked[fa.Pos()] {
			return nil, nil
		}
		if p, ok := fa.X.(*ssa.Parameter); !ok || p != p.Parent().Params[0] {
			return nil, nil
		}
		if f := lockset.FieldOf(fa); f != nil && isSliceOrMap(f.Type()) {
			return v, f.Origin()
		}
	}
	return nil, nil
}

func isSliceOrMap(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map:
		return true
	}
	return false
}

// changedInPlace returns the slice and map fields whose contents the
// package changes in place, each with one place where it does.
func (c *checker) changedInPlace() map[*types.Var]token.Pos {
	out := map[*types.Var]token.Pos{}
	note := func(v ssa.Value, pos token.Pos) {
		if f := loadedField(v); f != nil && isSliceOrMap(f.Type()) && out[f] == token.NoPos {
			out[f] = pos
		}
	}
	for _, fn := range c.locks.SSA.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.MapUpdate:
					note(in.Map, in.Pos())
				case *ssa.Store:
					if ia, ok := in.Addr.(*ssa.IndexAddr); ok {
						note(ia.X, in.Pos())
					}
					if sl, ok := in.Val.(*ssa.Slice); ok && sameField(sl.X, in.Addr) {
						note(sl.X, in.Pos()) // s.f = s.f[:0]: later appends overwrite what callers hold
					}
				case *ssa.Call:
					if changesArgInPlace(in.Common()) && len(in.Call.Args) > 0 {
						note(in.Call.Args[0], in.Pos())
					}
				}
			}
		}
	}
	return out
}

// loadedField returns the field v is loaded from.
func loadedField(v ssa.Value) *types.Var {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	if fa, ok := u.X.(*ssa.FieldAddr); ok {
		if f := lockset.FieldOf(fa); f != nil {
			return f.Origin()
		}
	}
	return nil
}

// sameField reports whether a load v comes from the field addr stores to.
func sameField(v ssa.Value, addr ssa.Value) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	fb, ok2 := addr.(*ssa.FieldAddr)
	return ok && ok2 && fa.X == fb.X && fa.Field == fb.Field
}

// changesArgInPlace reports whether a call rearranges or overwrites its
// first argument's elements: delete, clear, and the sort functions.
func changesArgInPlace(c *ssa.CallCommon) bool {
	if b, ok := c.Value.(*ssa.Builtin); ok {
		return b.Name() == "delete" || b.Name() == "clear"
	}
	fn := c.StaticCallee()
	if fn == nil || fn.Pkg == nil {
		obj, _ := c.Value.(*ssa.Function)
		if obj == nil || obj.Object() == nil {
			return false
		}
		fn = obj
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "sort":
		return obj.Name() == "Slice" || obj.Name() == "SliceStable" || obj.Name() == "Strings" || obj.Name() == "Ints" || obj.Name() == "Sort" || obj.Name() == "Stable"
	case "slices":
		return obj.Name() == "Sort" || obj.Name() == "SortFunc" || obj.Name() == "SortStableFunc" || obj.Name() == "Reverse"
	}
	return false
}

func (c *checker) reportStore(fn *ssa.Function, load *ssa.UnOp, field *types.Var, changed token.Pos) {
	kind := "slice"
	if _, ok := field.Type().Underlying().(*types.Map); ok {
		kind = "map"
	}
	clone := cloneFunc(kind)
	at := load.X.Pos() // the field's selector
	pos, end := at, at
	var fixes []analysis.SuggestedFix
	for _, n := range c.path(at) {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if n.Sel.Pos() == at && end == at {
				pos, end = n.Pos(), n.End()
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if ast.Unparen(r).Pos() == pos && r.End() == end {
					fixes = c.wrapFix(r, clone) // the load itself is returned
				}
			}
		}
	}
	if c.returned[pos] {
		return // the cache rule said it already
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryReturnedStore, SuggestedFixes: fixes,
		Message: fmt.Sprintf("%s returns the %s %s itself, read under the lock, and the package changes its contents in place under that lock; the caller reads it after the lock is released while they change, so return %s of it",
			funcName(fn), kind, field.Name(), clone),
		Related: []analysis.RelatedInformation{{Pos: changed, Message: "changed in place here"}},
	})
}
