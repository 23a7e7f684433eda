package fingerprint

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	fp "github.com/msvclint/msvclint/internal/fingerprint"
	"github.com/msvclint/msvclint/internal/knowledge/wiring"
)

// recipe is a block under construction.
type recipe struct {
	block   *fp.Block
	info    *types.Info
	tracked map[types.Object]bool
}

// blocksOf finds the recipes in every statement list of fd, including those
// of function literals inside it.
func blocksOf(pass *analysis.Pass, fd *ast.FuncDecl) []*fp.Block {
	fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return nil
	}
	var out []*fp.Block
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		default:
			return true
		}
		for _, r := range scan(pass, fn, list) {
			r.block.Provider = provider(pass, fn, fd, r)
			out = append(out, r.block)
		}
		return true
	})
	return out
}

// scan splits a statement list into recipes: an anchor statement (one that
// calls a wiring constructor or writes a wiring literal) and the statements
// right after it that configure what it built.
func scan(pass *analysis.Pass, fn *types.Func, list []ast.Stmt) []*recipe {
	var out []*recipe
	for i := 0; i < len(list); i++ {
		r := anchor(pass, fn, list[i])
		if r == nil {
			continue
		}
		j := i + 1
		for j < len(list) && r.continues(pass, list[j]) {
			j++
		}
		r.block.End = list[j-1].End()
		fp.SortSteps(r.block.Steps)
		out = append(out, r)
		i = j - 1
	}
	return out
}

// anchor starts a recipe at s when s builds a dependency: x, err :=
// sql.Open(...), srv := &http.Server{...}, var s = grpc.NewServer(...),
// return &http.Server{...}.
func anchor(pass *analysis.Pass, fn *types.Func, s ast.Stmt) *recipe {
	var lhs, rhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return nil
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		for _, n := range vs.Names {
			lhs = append(lhs, n)
		}
		rhs = vs.Values
	case *ast.ReturnStmt:
		rhs = s.Results
	default:
		return nil
	}
	if len(rhs) == 0 {
		return nil
	}
	e := ast.Unparen(rhs[0])
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	r := &recipe{info: pass.TypesInfo, tracked: map[types.Object]bool{}}
	switch e := e.(type) {
	case *ast.CallExpr:
		callee := typeutil.StaticCallee(pass.TypesInfo, e)
		if callee == nil {
			return nil
		}
		kind, ok := wiring.Constructor(callee.FullName())
		if !ok {
			return nil
		}
		r.block = newBlock(pass, fn, s, kind, callee.FullName())
		r.optionSteps(pass, callee, e)
	case *ast.CompositeLit:
		name := literalType(pass, e)
		kind, ok := wiring.Literal(name)
		if !ok || conversion(pass, e) {
			return nil
		}
		r.block = newBlock(pass, fn, s, kind, name)
		r.fieldSteps(pass, e)
	default:
		return nil
	}
	r.track(pass, lhs)
	return r
}

// conversion reports whether lit mostly copies same-named fields from one
// value of another type (Options{Addr: opt.Addr, DB: opt.DB, ...}): an
// adapter between option types, one per source type, with nothing to share.
func conversion(pass *analysis.Pass, lit *ast.CompositeLit) bool {
	built := pass.TypesInfo.TypeOf(lit)
	sources := map[types.Object]int{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		sel, ok2 := ast.Unparen(kv.Value).(*ast.SelectorExpr)
		if !ok || !ok2 || sel.Sel.Name != key.Name {
			continue
		}
		src, ok := sel.X.(*ast.Ident)
		if !ok {
			continue
		}
		obj := pass.TypesInfo.Uses[src]
		if obj == nil || types.Identical(deref(obj.Type()), built) {
			continue
		}
		sources[obj]++
	}
	for _, n := range sources {
		if n >= 4 && 3*n >= 2*len(lit.Elts) {
			return true
		}
	}
	return false
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func newBlock(pass *analysis.Pass, fn *types.Func, s ast.Stmt, kind wiring.Kind, anchor string) *fp.Block {
	p := pass.Fset.Position(s.Pos())
	return &fp.Block{
		Kind:   string(kind),
		Anchor: anchor,
		Place:  fp.Place{File: p.Filename, Line: p.Line, Col: p.Column, Pkg: pass.Pkg.Path(), Func: fn.FullName()},
		At:     s.Pos(),
		End:    s.End(),
	}
}

// track remembers the values the recipe built, so that later statements
// configuring them continue it. Errors are not dependencies.
func (r *recipe) track(pass *analysis.Pass, lhs []ast.Expr) {
	for _, e := range lhs {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			continue
		}
		obj := pass.TypesInfo.ObjectOf(id)
		if obj == nil || isError(obj.Type()) {
			continue
		}
		r.tracked[obj] = true
	}
}

// optionSteps records the constructor call as a step and the options it
// passes. The plain arguments (the address, the DSN, the context) are where
// the dependency is, not how it is configured: each service has its own, so
// they are not part of the recipe. Each
// argument that is itself a call to a package-level function
// (grpc.UnaryInterceptor, zap.AddCaller) is one step, and each field of a
// wiring literal argument (&redis.Options{...}) is one.
func (r *recipe) optionSteps(pass *analysis.Pass, callee *types.Func, call *ast.CallExpr) {
	for _, arg := range call.Args {
		a := ast.Unparen(arg)
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
			a = ast.Unparen(u.X)
		}
		switch a := a.(type) {
		case *ast.CallExpr:
			opt := typeutil.StaticCallee(pass.TypesInfo, a)
			if opt != nil && opt.Type().(*types.Signature).Recv() == nil {
				r.add(opt.FullName(), shortQualified(opt), a)
			}
		case *ast.CompositeLit:
			if _, ok := wiring.Literal(literalType(pass, a)); ok {
				r.fieldSteps(pass, a)
			}
		}
	}
	r.add(callee.FullName(), shortQualified(callee), call.Fun)
}

// fieldSteps records each field a wiring literal sets.
func (r *recipe) fieldSteps(pass *analysis.Pass, lit *ast.CompositeLit) {
	typeName := literalType(pass, lit)
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		r.add(typeName+"."+key.Name, key.Name, kv.Value)
	}
}

// add records a step. Each step numbers its locals afresh, so a step's
// fingerprint does not depend on the order of the steps before it.
func (r *recipe) add(label, name string, value ast.Expr) {
	shape, exact := fp.New(r.info), fp.New(r.info)
	exact.Literals = true
	r.block.Steps = append(r.block.Steps, fp.Step{
		Label: label,
		Name:  name,
		Shape: shape.Expr(value),
		Exact: exact.Expr(value),
		Value: types.ExprString(value),
	})
}

// continues reports whether s carries on the recipe, recording its step: an
// error check, a configuring call on a built value (db.SetMaxOpenConns(10),
// if err := db.Ping(); ..., otel.SetTracerProvider(tp)), a field assignment on
// it (srv.ReadTimeout = ...), or a deferred call on it (defer db.Close()).
func (r *recipe) continues(pass *analysis.Pass, s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.IfStmt:
		if s.Init == nil {
			return isErrCheck(pass, s.Cond)
		}
		return r.continues(pass, s.Init)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && r.configures(pass, call)
	case *ast.DeferStmt:
		return r.onTracked(pass, s.Call.Fun)
	case *ast.AssignStmt:
		return r.assign(pass, s)
	}
	return false
}

func (r *recipe) assign(pass *analysis.Pass, s *ast.AssignStmt) bool {
	if len(s.Rhs) == 1 {
		if call, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr); ok {
			if !r.configures(pass, call) {
				return false
			}
			r.track(pass, s.Lhs)
			return true
		}
	}
	if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return false
	}
	sel, ok := s.Lhs[0].(*ast.SelectorExpr)
	if !ok || !r.onTracked(pass, sel) {
		return false
	}
	selection := pass.TypesInfo.Selections[sel]
	if selection == nil || selection.Kind() != types.FieldVal {
		return false
	}
	recv := selection.Recv()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	r.add(fp.TypeString(recv)+"."+sel.Sel.Name, sel.Sel.Name, s.Rhs[0])
	return true
}

// configures records call as a step when it is a table configurer applied to
// a built value.
func (r *recipe) configures(pass *analysis.Pass, call *ast.CallExpr) bool {
	callee := typeutil.StaticCallee(pass.TypesInfo, call)
	if callee == nil || !wiring.Configurer(callee.FullName()) {
		return false
	}
	onBuilt := r.onTracked(pass, call.Fun)
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && r.tracked[pass.TypesInfo.ObjectOf(id)] {
			onBuilt = true
		}
	}
	if !onBuilt {
		return false
	}
	value := ast.Expr(call)
	if callee.Type().(*types.Signature).Recv() != nil && len(call.Args) == 1 {
		value = call.Args[0]
	}
	r.add(callee.FullName(), shortQualified(callee), value)
	return true
}

// onTracked reports whether e selects a method or field of a built value.
func (r *recipe) onTracked(pass *analysis.Pass, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && r.tracked[pass.TypesInfo.ObjectOf(id)]
}

func isErrCheck(pass *analysis.Pass, cond ast.Expr) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return false
	}
	id, ok := ast.Unparen(be.X).(*ast.Ident)
	return ok && isError(pass.TypesInfo.TypeOf(id)) && pass.TypesInfo.Types[be.Y].IsNil()
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// literalType is the qualified name of a composite literal's named type, or "".
func literalType(pass *analysis.Pass, lit *ast.CompositeLit) string {
	t := pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return ""
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// shortQualified names a function as a message does: "grpc.WithBlock" for a
// function, "SetMaxOpenConns" for a method.
func shortQualified(f *types.Func) string {
	if f.Type().(*types.Signature).Recv() != nil || f.Pkg() == nil {
		return f.Name()
	}
	return f.Pkg().Name() + "." + f.Name()
}

// provider names fn when it is an exported function of an importable package
// that returns what the recipe built: the shared provider others should call.
func provider(pass *analysis.Pass, fn *types.Func, fd *ast.FuncDecl, r *recipe) string {
	if fd.Recv != nil || !fn.Exported() || pass.Pkg.Name() == "main" {
		return ""
	}
	if _, ok := statementAt(fd.Body, r.block.At).(*ast.ReturnStmt); ok {
		return fn.FullName()
	}
	returned := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		for _, res := range ret.Results {
			if id, ok := ast.Unparen(res).(*ast.Ident); ok && r.tracked[pass.TypesInfo.ObjectOf(id)] {
				returned = true
			}
		}
		return true
	})
	if returned {
		return fn.FullName()
	}
	return ""
}

func statementAt(body *ast.BlockStmt, pos token.Pos) ast.Node {
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if s, ok := n.(ast.Stmt); ok && s.Pos() == pos && found == nil {
			found = s
		}
		return found == nil
	})
	return found
}
