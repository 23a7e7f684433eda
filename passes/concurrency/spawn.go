package concurrency

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	msvastutil "github.com/msvclint/msvclint/internal/astutil"
	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
)

// spawnerFunc says whether a call to fn starts a goroutine running one of its
// arguments, which one, how, and whether fn waits for it before returning.
type spawnerFunc func(fn *types.Func) (arg int, kind kc.SpawnKind, joined, ok bool)

func directSpawner(fn *types.Func) (int, kc.SpawnKind, bool, bool) {
	s, ok := kc.LookupSpawner(fn)
	return s.Arg, s.Kind, false, ok
}

func wrapperSpawner(pass *analysis.Pass, local map[*types.Func]*SpawnsArg) spawnerFunc {
	return func(fn *types.Func) (int, kc.SpawnKind, bool, bool) {
		f := local[fn]
		if f == nil {
			f = new(SpawnsArg)
			if fn.Pkg() == pass.Pkg || !pass.ImportObjectFact(fn, f) {
				return 0, "", false, false
			}
		}
		if len(f.Params) == 0 {
			return 0, "", false, false
		}
		return f.Params[0], kc.SpawnWrapper, f.Joined, true
	}
}

// findSpawns records the calls that spawner recognizes and, with goStmts,
// the go statements.
func findSpawns(pass *analysis.Pass, in *inspector.Inspector, r *Result, spawner spawnerFunc, goStmts bool) {
	filter := []ast.Node{(*ast.CallExpr)(nil)}
	if goStmts {
		filter = append(filter, (*ast.GoStmt)(nil))
	}
	in.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		var s *Spawn
		switch n := n.(type) {
		case *ast.GoStmt:
			s = &Spawn{Node: n, Call: n.Call, Kind: kc.SpawnGo, fun: n.Call.Fun}
		case *ast.CallExpr:
			s = spawnerCall(pass, n, spawner)
		}
		if s == nil {
			return true
		}
		s.Body, s.Fn = started(pass, r, s.fun)
		s.Encl, s.Loop, s.decl = enclosing(stack)
		s.Awaited = joinsBeforeReturn(pass, msvastutil.FuncBody(s.Encl), s.Node)
		r.Spawns = append(r.Spawns, s)
		return true
	})
}

func spawnerCall(pass *analysis.Pass, call *ast.CallExpr, spawner spawnerFunc) *Spawn {
	fn := typeutil.StaticCallee(pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	arg, kind, joined, ok := spawner(fn.Origin())
	if !ok || arg >= len(call.Args) {
		return nil
	}
	s := &Spawn{Node: call, Call: call, Kind: kind, Joined: joined, fun: call.Args[arg]}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
		s.Recv = sel.X
	}
	return s
}

// started resolves the function a spawn runs.
func started(pass *analysis.Pass, r *Result, fun ast.Expr) (ast.Node, *types.Func) {
	switch e := ast.Unparen(fun).(type) {
	case *ast.FuncLit:
		return e, nil
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		if fn, ok := typeutil.Callee(pass.TypesInfo, &ast.CallExpr{Fun: e}).(*types.Func); ok {
			fn = fn.Origin()
			if d := r.decls[fn]; d != nil && d.Body != nil {
				return d, fn
			}
			return nil, fn
		}
	}
	return nil, nil
}

// enclosing finds, from an inspector stack, the innermost function, the
// innermost loop inside it, and the top-level declaration.
func enclosing(stack []ast.Node) (encl ast.Node, loop ast.Stmt, decl *ast.FuncDecl) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt:
			if encl == nil && loop == nil && inBody(n.Body, stack[i+1]) {
				loop = n
			}
		case *ast.RangeStmt:
			if encl == nil && loop == nil && inBody(n.Body, stack[i+1]) {
				loop = n
			}
		case *ast.FuncLit:
			if encl == nil {
				encl = n
			}
		case *ast.FuncDecl:
			if encl == nil {
				encl = n
			}
			decl = n
		}
	}
	return encl, loop, decl
}

func inBody(body *ast.BlockStmt, child ast.Node) bool {
	return child == body
}

// spawnsArgOf finds the package's functions that start one of their own
// function-typed parameters in a goroutine: go p(), go func(){ p() }(),
// g.Go(p).
// wrappersOf finds the package's spawning wrappers: functions whose go
// statement runs a function parameter, then functions that hand a
// parameter to such a wrapper (safe.Go calling GoWithRecover), until no
// more are found.
func wrappersOf(pass *analysis.Pass, in *inspector.Inspector, r *Result) map[*types.Func]*SpawnsArg {
	out := map[*types.Func]*SpawnsArg{}
	spawnsArgOf(pass, r.Spawns, out)
	for {
		found := &Result{}
		findSpawns(pass, in, found, wrapperSpawner(pass, out), false)
		before := len(out)
		spawnsArgOf(pass, found.Spawns, out)
		if len(out) == before {
			return out
		}
	}
}

func spawnsArgOf(pass *analysis.Pass, spawns []*Spawn, out map[*types.Func]*SpawnsArg) {
	for _, s := range spawns {
		if s.decl == nil {
			continue
		}
		fn, _ := pass.TypesInfo.Defs[s.decl.Name].(*types.Func)
		if fn == nil {
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if !startsParam(pass, s, params.At(i)) {
				continue
			}
			f := out[fn]
			if f == nil {
				f = &SpawnsArg{Joined: true}
				out[fn] = f
			}
			if !slices.Contains(f.Params, i) {
				f.Params = append(f.Params, i)
			}
			f.Joined = f.Joined && (s.Joined || joinsBeforeReturn(pass, s.decl.Body, s.Node))
		}
	}
}

// joinsBeforeReturn reports whether body, after spawn, waits on a WaitGroup
// or an errgroup in a statement of its own top level, with no return
// between: every path that returns after starting the goroutine has waited
// for it.
func joinsBeforeReturn(pass *analysis.Pass, body *ast.BlockStmt, spawn ast.Node) bool {
	if body == nil {
		return false
	}
	for _, st := range body.List {
		if st.End() <= spawn.Pos() {
			continue
		}
		if st.Pos() > spawn.End() && waits(pass, st) {
			return true
		}
		if returns(st) {
			return false
		}
	}
	return false
}

// waits reports whether st calls a joiner (WaitGroup.Wait, errgroup's
// Wait), outside any function literal.
func waits(pass *analysis.Pass, st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			fn := typeutil.StaticCallee(pass.TypesInfo, n)
			if limits.Is(fn, limits.Joiners) {
				found = true
			}
		}
		return !found
	})
	return found
}

// returns reports whether st contains a return statement outside any
// function literal.
func returns(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

func startsParam(pass *analysis.Pass, s *Spawn, param *types.Var) bool {
	if _, ok := param.Type().Underlying().(*types.Signature); !ok {
		return false
	}
	if id, ok := ast.Unparen(s.fun).(*ast.Ident); ok {
		return pass.TypesInfo.Uses[id] == param
	}
	lit, ok := s.Body.(*ast.FuncLit)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && pass.TypesInfo.Uses[id] == param {
				found = true
			}
		}
		return !found
	})
	return found
}
