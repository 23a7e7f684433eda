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

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsNamed reports whether t is the named type pkg.name (aliases resolved).
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// Func names a function of a library (Recv "") or a method by its
// receiver's type name, pointer receiver or not: the one key of every
// knowledge table, matched by IsFunc. An interface's method has the
// interface as Recv.
type Func struct{ Pkg, Recv, Name string }

// Match reports whether fn is f.
func (f Func) Match(fn *types.Func) bool { return IsFunc(fn, f.Pkg, f.Recv, f.Name) }

// String is f as the documentation writes it: "os.Exit", "(sync.WaitGroup).Wait".
func (f Func) String() string {
	if f.Recv == "" {
		return f.Pkg + "." + f.Name
	}
	return "(" + f.Pkg + "." + f.Recv + ")." + f.Name
}

// FuncOf returns fn's key, to look it up in a table keyed by Func; generic
// functions have their origin's. It is the zero Func for a function of no
// package (error.Error).
func FuncOf(fn *types.Func) Func {
	if fn == nil || fn.Pkg() == nil {
		return Func{}
	}
	fn = fn.Origin()
	return Func{fn.Pkg().Path(), RecvName(fn), fn.Name()}
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

// Deref returns what t points to, or t when it is no pointer.
func Deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// FieldOwner is the package-level named type whose struct declares field,
// or nil (a field of an unnamed or local struct).
func FieldOwner(field *types.Var) *types.TypeName {
	if field.Pkg() == nil {
		return nil
	}
	scope := field.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i) == field {
				return tn
			}
		}
	}
	return nil
}
