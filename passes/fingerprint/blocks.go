package fingerprint

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/astutil"
	"github.com/msvclint/msvclint/internal/knowledge/wiring"
	fp "github.com/msvclint/msvclint/internal/recipe"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// recipe is a block under construction.
type recipe struct {
	block   *fp.Block
	info    *types.Info
	tracked map[types.Object]bool
	global  string // the package whose global instance a Globals recipe configures
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
		list, ok := astutil.StmtList(n)
		if !ok {
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
	case *ast.ExprStmt:
		return exprAnchor(pass, fn, s)
	default:
		return nil
	}
	if len(rhs) == 0 {
		return nil
	}
	if r := middlewareAnchor(pass, fn, s, rhs[0]); r != nil {
		r.track(pass, lhs)
		return r
	}
	e := ast.Unparen(rhs[0])
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	r := &recipe{info: pass.TypesInfo, tracked: map[types.Object]bool{}}
	switch e := e.(type) {
	case *ast.CallExpr:
		root, links := builderChain(pass, e)
		callee := typeutil.StaticCallee(pass.TypesInfo, root)
		if callee == nil {
			return nil
		}
		kind, ok := wiring.Constructor(callee.FullName())
		if !ok {
			return nil
		}
		r.block = newBlock(pass, fn, s, kind, callee.FullName())
		r.optionSteps(pass, callee, root)
		r.linkSteps(pass, links)
	case *ast.CompositeLit:
		if elem, kind, ok := optionSlice(pass, e); ok {
			r.block = newBlock(pass, fn, s, kind, elem)
			r.optionArgs(pass, e.Elts)
			break
		}
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
		if obj == nil || types.Identical(typesutil.Deref(obj.Type()), built) {
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
		if obj == nil || typesutil.IsError(obj.Type()) {
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
	r.optionArgs(pass, call.Args)
	r.add(callee.FullName(), shortQualified(callee), call.Fun)
}

// optionArgs records the steps of option arguments or of the elements of
// an option slice. An option that takes a chain of interceptors is a step per
// interceptor, and a wiring literal inside an option
// (slog.NewJSONHandler(w, &slog.HandlerOptions{...})) a step per field.
func (r *recipe) optionArgs(pass *analysis.Pass, args []ast.Expr) {
	for _, arg := range args {
		a := unaddr(arg)
		switch a := a.(type) {
		case *ast.CallExpr:
			a, links := builderChain(pass, a)
			r.linkSteps(pass, links)
			opt := typeutil.StaticCallee(pass.TypesInfo, a)
			if opt == nil || opt.Type().(*types.Signature).Recv() != nil || !optionType(pass.TypesInfo.TypeOf(a)) {
				continue
			}
			if wiring.Chain(opt.FullName()) {
				r.chainSteps(pass, opt, a)
				continue
			}
			r.nestedOption(pass, opt, a)
		case *ast.CompositeLit:
			if _, ok := wiring.Literal(literalType(pass, a)); ok {
				r.fieldSteps(pass, a)
			}
		}
	}
}

// builderChain unwinds a fluent builder, options.Client().ApplyURI(uri).
// SetMaxPoolSize(n): the call the chain starts from and the table
// configurers called on its result, in the order they apply. A call that
// is no such chain is its own start, with no links.
func builderChain(pass *analysis.Pass, call *ast.CallExpr) (*ast.CallExpr, []*ast.CallExpr) {
	var links []*ast.CallExpr
	for {
		callee := typeutil.StaticCallee(pass.TypesInfo, call)
		if callee == nil || callee.Type().(*types.Signature).Recv() == nil || !wiring.Configurer(callee.FullName()) {
			break
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			break
		}
		links = append(links, call)
		call = inner
	}
	slices.Reverse(links)
	return call, links
}

// linkSteps records each configurer of a builder chain as a step, valued
// by its argument as a configuring statement's step is.
func (r *recipe) linkSteps(pass *analysis.Pass, links []*ast.CallExpr) {
	for _, call := range links {
		callee := typeutil.StaticCallee(pass.TypesInfo, call)
		value := ast.Expr(call.Fun.(*ast.SelectorExpr).Sel)
		if len(call.Args) == 1 {
			value = call.Args[0]
		}
		r.add(callee.FullName(), shortQualified(callee), value)
	}
}

// nestedOption records an option call, and the fields of a wiring literal
// among its arguments as steps of their own; the option step then names
// only the function, so a changed field is one difference, not two.
func (r *recipe) nestedOption(pass *analysis.Pass, opt *types.Func, call *ast.CallExpr) {
	var value ast.Expr = call
	for _, inner := range call.Args {
		if lit, ok := unaddr(inner).(*ast.CompositeLit); ok {
			if _, ok := wiring.Literal(literalType(pass, lit)); ok {
				r.fieldSteps(pass, lit)
				value = call.Fun
			}
		}
	}
	r.add(opt.FullName(), shortQualified(opt), value)
}

// chainSteps records each interceptor of a chain option as a step named by
// the function it is, or the function that builds it.
func (r *recipe) chainSteps(pass *analysis.Pass, opt *types.Func, call *ast.CallExpr) {
	for _, arg := range call.Args {
		name := funcName(pass, arg)
		if name == "" {
			name = types.ExprString(arg)
		}
		r.add(opt.FullName()+"/"+name, shortName(name), arg)
	}
}

// funcName is the qualified name of the function e is, or of the function
// whose call builds it (logging.UnaryServerInterceptor(logger)); "" if
// neither is static.
func funcName(pass *analysis.Pass, e ast.Expr) string {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if f := typeutil.StaticCallee(pass.TypesInfo, call); f != nil {
			return f.FullName()
		}
		return ""
	}
	var id *ast.Ident
	switch e := e.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	}
	if id == nil {
		return ""
	}
	if f, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
		return f.FullName()
	}
	return ""
}

// shortName is a qualified function name as a message says it.
func shortName(qualified string) string { return fp.ShortFunc(qualified) }

// optionType reports whether a call of this type can configure a
// dependency: a context, a string or a number is where the dependency is
// (context.Background(), os.Getenv("DSN")), not how it is set up.
func optionType(t types.Type) bool {
	if t == nil {
		return false
	}
	_, basic := t.Underlying().(*types.Basic)
	return !basic && !typesutil.IsNamed(t, "context", "Context")
}

func unaddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return ast.Unparen(u.X)
	}
	return e
}

// optionSlice reports whether lit is a slice of a wiring option type
// ([]grpc.DialOption{...}), and which.
func optionSlice(pass *analysis.Pass, lit *ast.CompositeLit) (string, wiring.Kind, bool) {
	sl, ok := types.Unalias(pass.TypesInfo.TypeOf(lit)).(*types.Slice)
	if !ok {
		return "", "", false
	}
	n, ok := types.Unalias(sl.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", "", false
	}
	name := n.Obj().Pkg().Path() + "." + n.Obj().Name()
	kind, ok := wiring.Option(name)
	return name, kind, ok
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
			return isErrCheck(pass, s.Cond) || r.guarded(pass, s)
		}
		return r.continues(pass, s.Init)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && (r.configures(pass, call) || r.uses(pass, call))
	case *ast.DeferStmt:
		return r.onTracked(pass, s.Call.Fun)
	case *ast.AssignStmt:
		return r.assign(pass, s)
	case *ast.ReturnStmt:
		if len(s.Results) == 0 {
			return false
		}
		call, ok := ast.Unparen(s.Results[0]).(*ast.CallExpr)
		return ok && (r.configures(pass, call) || r.consumes(pass, call))
	}
	return false
}

// guarded reports whether s is a condition around steps of the recipe and
// nothing else: if c.Addr != "" { opts = append(opts, http.Address(c.Addr)) }.
func (r *recipe) guarded(pass *analysis.Pass, s *ast.IfStmt) bool {
	if s.Else != nil || len(s.Body.List) == 0 {
		return false
	}
	for _, st := range s.Body.List {
		if !r.continues(pass, st) {
			return false
		}
	}
	return true
}

func (r *recipe) assign(pass *analysis.Pass, s *ast.AssignStmt) bool {
	if len(s.Rhs) == 1 {
		if call, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr); ok {
			if !r.configures(pass, call) && !r.appends(pass, s.Lhs, call) && !r.consumes(pass, call) {
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
	if !ok {
		return false
	}
	root, path := r.fieldPath(pass, sel)
	if root == nil {
		return false
	}
	r.add(fp.TypeString(typesutil.Deref(root.Type()))+"."+path, path, s.Rhs[0])
	return true
}

// fieldPath returns the built value a field assignment writes into and the
// path of fields to the written one: cfg.Producer.Return.Successes is
// "Producer.Return.Successes" of cfg.
func (r *recipe) fieldPath(pass *analysis.Pass, sel *ast.SelectorExpr) (types.Object, string) {
	path := sel.Sel.Name
	for {
		selection := pass.TypesInfo.Selections[sel]
		if selection == nil || selection.Kind() != types.FieldVal {
			return nil, ""
		}
		switch x := ast.Unparen(sel.X).(type) {
		case *ast.Ident:
			obj := pass.TypesInfo.ObjectOf(x)
			if !r.tracked[obj] {
				return nil, ""
			}
			return obj, path
		case *ast.SelectorExpr:
			path = x.Sel.Name + "." + path
			sel = x
		default:
			return nil, ""
		}
	}
}

// appends records the options appended to a built option slice:
// opts = append(opts, grpc.WithBlock()).
func (r *recipe) appends(pass *analysis.Pass, lhs []ast.Expr, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(lhs) != 1 || len(call.Args) < 2 {
		return false
	}
	if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); !ok || b.Name() != "append" {
		return false
	}
	first, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok || !r.tracked[pass.TypesInfo.ObjectOf(first)] {
		return false
	}
	r.optionArgs(pass, call.Args[1:])
	return true
}

// consumes records the constructor that builds the dependency from a built
// option slice: grpc.NewClient(addr, opts...).
func (r *recipe) consumes(pass *analysis.Pass, call *ast.CallExpr) bool {
	callee := typeutil.StaticCallee(pass.TypesInfo, call)
	if callee == nil {
		return false
	}
	if _, ok := wiring.Constructor(callee.FullName()); !ok {
		return false
	}
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && r.tracked[pass.TypesInfo.ObjectOf(id)] {
			r.add(callee.FullName(), shortQualified(callee), call.Fun)
			return true
		}
	}
	return false
}

// configures records call as a step when it is a table configurer applied to
// a built value.
func (r *recipe) configures(pass *analysis.Pass, call *ast.CallExpr) bool {
	callee := typeutil.StaticCallee(pass.TypesInfo, call)
	if callee == nil {
		return false
	}
	if r.global != "" && callee.Pkg() != nil && callee.Pkg().Path() == r.global {
		if _, ok := wiring.Global(callee.FullName()); ok {
			r.add(callee.FullName(), shortQualified(callee), call)
			return true
		}
	}
	if !wiring.Configurer(callee.FullName()) {
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
	return ok && typesutil.IsError(pass.TypesInfo.TypeOf(id)) && pass.TypesInfo.Types[be.Y].IsNil()
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
