package fingerprint

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/knowledge/wiring"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// middlewareAnchor starts a recipe at a chain of HTTP middleware, each a
// function from http.Handler to http.Handler applied to the next:
// h := logging(metrics(recoverer(mux))). A chain of one is not a recipe.
func middlewareAnchor(pass *analysis.Pass, fn *types.Func, s ast.Stmt, e ast.Expr) *recipe {
	var chain []*ast.CallExpr
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || !isMiddleware(pass.TypesInfo.TypeOf(call.Fun)) {
			break
		}
		chain = append(chain, call)
		e = call.Args[0]
	}
	if len(chain) < 2 {
		return nil
	}
	r := &recipe{info: pass.TypesInfo, tracked: map[types.Object]bool{}}
	r.block = newBlock(pass, fn, s, wiring.Middleware, "net/http.Handler")
	for _, call := range chain {
		r.middlewareStep(pass, call.Fun)
	}
	return r
}

// exprAnchor starts a recipe at an expression statement: a router's
// r.Use(mw...) or the first call configuring a package's global instance
// (viper.SetConfigName("config")).
func exprAnchor(pass *analysis.Pass, fn *types.Func, s *ast.ExprStmt) *recipe {
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	r := &recipe{info: pass.TypesInfo, tracked: map[types.Object]bool{}}
	if recv := useReceiver(pass, call); recv != nil {
		r.block = newBlock(pass, fn, s, wiring.Middleware, "net/http.Handler")
		r.tracked[recv] = true
		r.uses(pass, call)
		return r
	}
	callee := typeutil.StaticCallee(pass.TypesInfo, call)
	if callee == nil || callee.Pkg() == nil {
		return nil
	}
	kind, ok := wiring.Global(callee.FullName())
	if !ok {
		return nil
	}
	r.global = callee.Pkg().Path()
	r.block = newBlock(pass, fn, s, kind, r.global)
	r.add(callee.FullName(), shortQualified(callee), call)
	return r
}

// uses records the middleware of a router's Use call on a built router.
func (r *recipe) uses(pass *analysis.Pass, call *ast.CallExpr) bool {
	recv := useReceiver(pass, call)
	if recv == nil || !r.tracked[recv] {
		return false
	}
	for _, a := range call.Args {
		r.middlewareStep(pass, a)
	}
	return true
}

func (r *recipe) middlewareStep(pass *analysis.Pass, mw ast.Expr) {
	name := funcName(pass, mw)
	if name == "" {
		name = types.ExprString(mw)
	}
	r.add("middleware/"+name, shortName(name), mw)
}

// useReceiver returns the variable whose method call installs middleware
// (a method whose variadic parameter is a middleware function type, as
// chi's and gorilla/mux's Use are), or nil.
func useReceiver(pass *analysis.Pass, call *ast.CallExpr) types.Object {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	sig, ok := pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok || !sig.Variadic() || sig.Params().Len() != 1 {
		return nil
	}
	elem := sig.Params().At(0).Type().(*types.Slice).Elem()
	if !isMiddleware(elem) {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	if _, isVar := pass.TypesInfo.ObjectOf(id).(*types.Var); !isVar {
		return nil
	}
	return pass.TypesInfo.ObjectOf(id)
}

// isMiddleware reports whether t is func(http.Handler) http.Handler, under
// any name.
func isMiddleware(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	return isHandler(sig.Params().At(0).Type()) && isHandler(sig.Results().At(0).Type())
}

func isHandler(t types.Type) bool { return typesutil.IsNamed(t, "net/http", "Handler") }
