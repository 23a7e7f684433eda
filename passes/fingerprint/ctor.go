package fingerprint

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	fp "github.com/msvclint/msvclint/internal/recipe"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// ctorOf recognizes a field-copying constructor: a top-level function
// returning T, *T, (T, error) or (*T, error) for a struct type T of this
// package, whose body is nothing but nil checks of its parameters and a
// return of a T literal whose fields are parameters (or their fields) and
// constants. It also returns the parameters such a body never mentions.
func ctorOf(pass *analysis.Pass, fd *ast.FuncDecl) (*fp.Ctor, []Unused) {
	fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil || fd.Recv != nil || fd.Type.TypeParams != nil {
		return nil, nil
	}
	sig := fn.Type().(*types.Signature)
	result := resultStruct(pass, sig)
	if result == nil || sig.Params().Len() == 0 {
		return nil, nil
	}
	params := map[types.Object]bool{}
	for p := range sig.Params().Variables() {
		if p.Name() == "" || p.Name() == "_" {
			return nil, nil
		}
		params[p] = true
	}
	if !fieldCopyingBody(pass, fd.Body.List, result, params) {
		return nil, nil
	}
	p := pass.Fset.Position(fd.Pos())
	c := &fp.Ctor{
		Name:   fn.FullName(),
		Result: fp.TypeString(sig.Results().At(0).Type()),
		Place:  fp.Place{File: p.Filename, Line: p.Line, Col: p.Column, Pkg: pass.Pkg.Path(), Func: fn.FullName()},
		At:     fd.Name.Pos(),
		End:    fd.Name.End(),
	}
	for p := range sig.Params().Variables() {
		c.Params = append(c.Params, fp.TypeString(p.Type()))
	}
	slices.Sort(c.Params)
	return c, unusedParams(pass, fd, c)
}

// resultStruct returns the named struct type of this package a constructor
// with sig builds, or nil.
func resultStruct(pass *analysis.Pass, sig *types.Signature) *types.Named {
	res := sig.Results()
	if res.Len() == 0 || res.Len() > 2 || res.Len() == 2 && !typesutil.IsError(res.At(1).Type()) {
		return nil
	}
	t := res.At(0).Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != pass.Pkg || n.TypeArgs().Len() > 0 {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// fieldCopyingBody reports whether list is nil checks followed by the
// return of a result literal, directly or through one local variable.
func fieldCopyingBody(pass *analysis.Pass, list []ast.Stmt, result *types.Named, params map[types.Object]bool) bool {
	i := 0
	for i < len(list) && isNilCheck(pass, list[i], params) {
		i++
	}
	rest := list[i:]
	switch len(rest) {
	case 1:
		ret, ok := rest[0].(*ast.ReturnStmt)
		return ok && len(ret.Results) > 0 && copyingLiteral(pass, ret.Results[0], result, params) && nilRest(pass, ret.Results[1:])
	case 2:
		as, ok := rest[0].(*ast.AssignStmt)
		ret, ok2 := rest[1].(*ast.ReturnStmt)
		if !ok || !ok2 || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || len(ret.Results) == 0 {
			return false
		}
		lid, ok := as.Lhs[0].(*ast.Ident)
		rid, ok2 := ret.Results[0].(*ast.Ident)
		return ok && ok2 && pass.TypesInfo.ObjectOf(lid) == pass.TypesInfo.ObjectOf(rid) &&
			copyingLiteral(pass, as.Rhs[0], result, params) && nilRest(pass, ret.Results[1:])
	}
	return false
}

func nilRest(pass *analysis.Pass, rest []ast.Expr) bool {
	for _, e := range rest {
		if !pass.TypesInfo.Types[e].IsNil() {
			return false
		}
	}
	return true
}

// isNilCheck matches `if p == nil { return ... }` or `{ panic(...) }` over
// parameters, the trivial validation a copied constructor may carry.
func isNilCheck(pass *analysis.Pass, s ast.Stmt, params map[types.Object]bool) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 || !nilCond(pass, ifs.Cond, params) {
		return false
	}
	switch b := ifs.Body.List[0].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		call, ok := b.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && pass.TypesInfo.Uses[id] == types.Universe.Lookup("panic")
	}
	return false
}

func nilCond(pass *analysis.Pass, e ast.Expr, params map[types.Object]bool) bool {
	be, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if be.Op == token.LOR {
		return nilCond(pass, be.X, params) && nilCond(pass, be.Y, params)
	}
	id, ok := ast.Unparen(be.X).(*ast.Ident)
	return ok && be.Op == token.EQL && params[pass.TypesInfo.ObjectOf(id)] && pass.TypesInfo.Types[be.Y].IsNil()
}

// copyingLiteral reports whether e is a keyed T or &T literal whose values are
// parameters, fields of parameters or constants, with at least one parameter.
func copyingLiteral(pass *analysis.Pass, e ast.Expr, result *types.Named, params map[types.Object]bool) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || lit.Type == nil {
		return false
	}
	if t := pass.TypesInfo.TypeOf(lit); t == nil || !types.Identical(t, result) {
		return false
	}
	copied := 0
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return false
		}
		switch v := ast.Unparen(kv.Value).(type) {
		case *ast.Ident:
			if params[pass.TypesInfo.ObjectOf(v)] {
				copied++
				continue
			}
		case *ast.SelectorExpr:
			if id, ok := ast.Unparen(v.X).(*ast.Ident); ok && params[pass.TypesInfo.ObjectOf(id)] {
				copied++
				continue
			}
		}
		if tv := pass.TypesInfo.Types[kv.Value]; tv.Value == nil && !tv.IsNil() {
			return false
		}
	}
	return copied > 0
}

// unusedParams returns the parameters the constructor's body never
// mentions: a dependency passed in and dropped, usually a field forgotten
// when the constructor was copied. A context is exempt: constructors often
// take one they do not need.
func unusedParams(pass *analysis.Pass, fd *ast.FuncDecl, c *fp.Ctor) []Unused {
	used := map[types.Object]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[pass.TypesInfo.Uses[id]] = true
		}
		return true
	})
	var out []Unused
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			obj := pass.TypesInfo.Defs[name]
			if obj == nil || used[obj] || isContext(obj.Type()) {
				continue
			}
			out = append(out, Unused{Ctor: c, Param: name, Type: types.TypeString(obj.Type(), types.RelativeTo(pass.Pkg))})
		}
	}
	return out
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// funcsUsedAsValues returns the package's top-level functions referenced
// other than by a call: their signature may be imposed by whoever takes
// them, so an unused parameter there is not a bug.
func funcsUsedAsValues(pass *analysis.Pass) map[string]bool {
	called := map[*ast.Ident]bool{}
	out := map[string]bool{}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					called[id] = true
				}
			}
			return true
		})
	}
	for id, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if ok && fn.Pkg() == pass.Pkg && !called[id] && fn.Type().(*types.Signature).Recv() == nil {
			out[fn.Name()] = true
		}
	}
	return out
}
