package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
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
	for _, fn := range c.ssa.SrcFuncs {
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
				load, field, part := storeLoad(v, locked, 0)
				if load == nil || reported[load] {
					continue
				}
				switch {
				case part == element:
					reported[load] = true
					c.reportElement(fn, v, ret.Pos(), field)
				case inPlace[field] != token.NoPos:
					reported[load] = true
					c.reportStore(fn, load, field, inPlace[field], part)
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

// part says how much of a store a returned value is.
type part int

const (
	whole    part = iota // the slice or map itself
	subslice             // s.items[i:j]: the same backing array
	element              // &s.items[i]: a pointer into it
)

// storeLoad follows a returned value back through phis, element addresses
// and reslices to a load of a slice or map field of the receiver made under
// its lock.
func storeLoad(v ssa.Value, locked map[token.Pos]bool, depth int) (*ssa.UnOp, *types.Var, part) {
	if depth > maxValueDepth {
		return nil, nil, whole
	}
	switch v := v.(type) {
	case *ssa.Phi:
		for _, e := range v.Edges {
			if load, f, p := storeLoad(e, locked, depth+1); load != nil {
				return load, f, p
			}
		}
	case *ssa.IndexAddr:
		if load, f, _ := storeLoad(v.X, locked, depth+1); load != nil {
			return load, f, element
		}
	case *ssa.Slice:
		if load, f, _ := storeLoad(v.X, locked, depth+1); load != nil {
			return load, f, subslice
		}
	case *ssa.UnOp:
		return fieldLoad(v, locked, depth)
	}
	return nil, nil, whole
}

// fieldLoad is storeLoad for a load: of the result slot a function with
// defers returns through, or of the receiver's field itself.
func fieldLoad(v *ssa.UnOp, locked map[token.Pos]bool, depth int) (*ssa.UnOp, *types.Var, part) {
	if cell, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
		for _, ref := range *cell.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
				if load, f, p := storeLoad(st.Val, locked, depth+1); load != nil {
					return load, f, p
				}
			}
		}
		return nil, nil, whole
	}
	fa, ok := v.X.(*ssa.FieldAddr)
	if v.Op != token.MUL || !ok || !locked[fa.Pos()] {
		return nil, nil, whole
	}
	if p, ok := fa.X.(*ssa.Parameter); !ok || p != p.Parent().Params[0] {
		return nil, nil, whole
	}
	if f := ssautil.FieldOf(fa); f != nil && isSliceOrMap(f.Type()) {
		return v, f.Origin(), whole
	}
	return nil, nil, whole
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
		if fresh(v) {
			return // a constructor filling the value it builds, before anyone can read it
		}
		if f := loadedField(v); f != nil && isSliceOrMap(f.Type()) && out[f] == token.NoPos {
			out[f] = pos
		}
	}
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.MapUpdate:
					note(in.Map, in.Pos())
				case *ssa.Store:
					if ia := elementAddr(in.Addr); ia != nil {
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

// elementAddr returns the element address a store writes into, itself or
// through fields of the element (s.items[i].Stock = n).
func elementAddr(addr ssa.Value) *ssa.IndexAddr {
	for {
		switch a := addr.(type) {
		case *ssa.IndexAddr:
			return a
		case *ssa.FieldAddr:
			addr = a.X
		default:
			return nil
		}
	}
}

// fresh reports whether v is loaded from a field of a value allocated in
// the same function.
func fresh(v ssa.Value) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	_, alloc := fa.X.(*ssa.Alloc)
	return alloc
}

// loadedField returns the field v is loaded from.
func loadedField(v ssa.Value) *types.Var {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	if fa, ok := u.X.(*ssa.FieldAddr); ok {
		if f := ssautil.FieldOf(fa); f != nil {
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

func (c *checker) reportStore(fn *ssa.Function, load *ssa.UnOp, field *types.Var, changed token.Pos, p part) {
	kind := "slice"
	if _, ok := field.Type().Underlying().(*types.Map); ok {
		kind = "map"
	}
	what := "the " + kind + " " + field.Name() + " itself,"
	if p == subslice {
		what = "a part of the slice " + field.Name() + ", sharing its backing array,"
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
		Message: fmt.Sprintf("%s returns %s read under the lock, and the package changes its contents in place under that lock; the caller reads it after the lock is released while they change, so return %s of it",
			funcName(fn), what, clone),
		Related: []analysis.RelatedInformation{{Pos: changed, Message: "changed in place here"}},
	})
}

// reportElement reports a pointer into a slice store handed out of its
// lock: the caller reads and writes that element unlocked while the
// methods change it, or move the array, under the lock.
func (c *checker) reportElement(fn *ssa.Function, v ssa.Value, ret token.Pos, field *types.Var) {
	pos := v.Pos()
	if !pos.IsValid() {
		pos = ret
	}
	end := pos
	for _, n := range c.path(pos) {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			pos, end = u.Pos(), u.End()
			break
		}
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryReturnedStore,
		Message: fmt.Sprintf("%s returns a pointer into the slice %s, taken under the lock; the caller reads and writes that element after the lock is released while the other methods change it under the lock, so return a copy of the element",
			funcName(fn), field.Name()),
	})
}
