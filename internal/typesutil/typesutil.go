// Package typesutil answers small structural questions about go/types
// objects that the curated knowledge tables ask when they match an API by
// package path, receiver type and name.
package typesutil

import "go/types"

// RecvName returns the name of fn's receiver type with any pointer removed,
// or "" for a plain function or a receiver that is not a named type.
func RecvName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// IsNamed reports whether t is the named type pkg.name (aliases resolved).
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// IsFunc reports whether fn is the function pkg.name (recv "") or the method
// name of pkg's type recv, pointer receiver or not; generic functions match
// by their origin.
func IsFunc(fn *types.Func, pkg, recv, name string) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	fn = fn.Origin()
	return fn.Pkg().Path() == pkg && fn.Name() == name && RecvName(fn) == recv
}
