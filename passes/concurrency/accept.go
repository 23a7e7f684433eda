package concurrency

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
)

// AcceptSpawner is the fact of a function that accepts connections from
// its listener parameter in an endless loop and starts a goroutine per
// connection, with nothing in the loop bounding how many run: the caller
// that made the listener decides whether connections are limited.
type AcceptSpawner struct {
	Param int // the index of the listener among the parameters
}

// AFact marks AcceptSpawner as a fact.
func (*AcceptSpawner) AFact() {}

func (f *AcceptSpawner) String() string { return fmt.Sprintf("acceptSpawner(%d)", f.Param) }

// findAcceptSpawners records and exports the package's AcceptSpawners.
func findAcceptSpawners(pass *analysis.Pass, r *Result) {
	r.AcceptSpawners = map[*types.Func]*AcceptSpawner{}
	for _, s := range r.Spawns {
		loop, ok := s.Loop.(*ast.ForStmt)
		if !ok || loop.Cond != nil || s.decl == nil || s.Encl != s.decl || s.Kind != kc.SpawnGo && s.Kind != kc.SpawnWrapper {
			continue
		}
		fn, _ := pass.TypesInfo.Defs[s.decl.Name].(*types.Func)
		if fn == nil || r.AcceptSpawners[fn] != nil {
			continue
		}
		i, ok := acceptParam(pass.TypesInfo, loop, s, fn)
		if !ok || boundedLoop(pass.TypesInfo, loop, s) {
			continue
		}
		r.AcceptSpawners[fn] = &AcceptSpawner{Param: i}
		pass.ExportObjectFact(fn, r.AcceptSpawners[fn])
	}
}

// acceptParam finds an Accept on a listener parameter of fn in the loop,
// before the spawn.
func acceptParam(info *types.Info, loop *ast.ForStmt, s *Spawn, fn *types.Func) (int, bool) {
	idx, found := -1, false
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || call.Pos() > s.Node.Pos() {
			return !found
		}
		if !limits.Is(callee(info, call), limits.Accepts) {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return true
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if info.Uses[id] == params.At(i) {
				idx, found = i, true
			}
		}
		return !found
	})
	return idx, found
}

// boundedLoop reports a limiter in the accept loop: a send on a channel (a
// semaphore slot) or a known acquirer before the spawn, or a join after it.
func boundedLoop(info *types.Info, loop *ast.ForStmt, s *Spawn) bool {
	bounded := false
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		if bounded || n == nil || n == s.Body {
			return false
		}
		switch n := n.(type) {
		case *ast.SendStmt:
			bounded = n.Pos() < s.Node.Pos()
		case *ast.CallExpr:
			fn := callee(info, n)
			bounded = limits.Is(fn, limits.Acquirers) && n.Pos() < s.Node.Pos() ||
				limits.Is(fn, limits.Joiners) && n.Pos() > s.Node.End()
		}
		return !bounded
	})
	return bounded
}

// callee is the function or interface method a call invokes.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// AcceptSpawnerOf returns the listener parameter of fn's AcceptSpawner
// fact, from this package or an imported one, and whether fn has one.
func (r *Result) AcceptSpawnerOf(fn *types.Func) (param int, ok bool) {
	fn = fn.Origin()
	if f := r.AcceptSpawners[fn]; f != nil || fn.Pkg() == r.pass.Pkg {
		return acceptParamOf(f)
	}
	f := new(AcceptSpawner)
	if !r.pass.ImportObjectFact(fn, f) {
		return 0, false
	}
	return f.Param, true
}

func acceptParamOf(f *AcceptSpawner) (int, bool) {
	if f == nil {
		return 0, false
	}
	return f.Param, true
}
