package locks

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/directive"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// Inference thresholds: a field is guarded by a mutex when at least
// minLocked of its counted accesses hold the mutex and they are at least
// ratioNum/ratioDen of all its counted accesses.
const (
	minLocked = 3
	ratioNum  = 3
	ratioDen  = 4
)

// annotate reads //msvclint:guardedby NAME on the fields of this package's
// structs. An annotation naming no mutex field of the same struct is ignored.
func annotate(pass *analysis.Pass, r *Result) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			tst, _ := pass.TypesInfo.TypeOf(st).(*types.Struct)
			if tst == nil {
				return true
			}
			for _, field := range st.Fields.List {
				name := guardName(field)
				if name == "" || !hasMutex(tst, name) {
					continue
				}
				for _, id := range field.Names {
					if v, ok := pass.TypesInfo.Defs[id].(*types.Var); ok {
						r.guards[v] = &GuardedBy{Lock: name}
					}
				}
			}
			return true
		})
	}
}

func guardName(field *ast.Field) string {
	for _, cg := range []*ast.CommentGroup{field.Doc, field.Comment} {
		if cg == nil {
			continue
		}
		for _, c := range cg.List {
			if d, ok := directive.Parse(c.Text); ok && d.Key == "guardedby" && len(d.Args) == 1 {
				return d.Args[0]
			}
		}
	}
	return ""
}

func hasMutex(st *types.Struct, name string) bool {
	for i := range st.NumFields() {
		if f := st.Field(i); f.Name() == name && ks.IsMutex(f.Type()) {
			return true
		}
	}
	return false
}

// infer finds the fields of this package's structs that are accessed with a
// sibling mutex held in a strong majority of places. Accesses on objects
// under construction, and in functions whose callers hold a lock, are not
// counted: they say nothing about the discipline.
func infer(pass *analysis.Pass, r *Result) {
	type tally struct {
		total, writes int
		locked        map[string]int
	}
	tallies := map[*types.Var]*tally{}
	for _, a := range r.Accesses {
		if a.Fresh || !a.Var.IsField() || a.Var.Pkg() != pass.Pkg || r.guards[a.Var] != nil || r.inLockedHelper(a) {
			continue
		}
		t := tallies[a.Var]
		if t == nil {
			t = &tally{locked: map[string]int{}}
			tallies[a.Var] = t
		}
		t.total++
		if a.Write {
			t.writes++
		}
		for lock := range a.Held {
			if name, ok := siblingName(a.Ref, lock); ok {
				t.locked[name]++
			}
		}
	}
	for v, t := range tallies {
		if t.writes == 0 {
			continue // read-only fields need no lock
		}
		for name, n := range t.locked {
			if n >= minLocked && n*ratioDen >= t.total*ratioNum {
				r.guards[v] = &GuardedBy{Lock: name, Inferred: true, Locked: n, Total: t.total}
			}
		}
	}
}

// siblingName reports whether lock is a field next to the accessed field on
// the same root, and its name.
func siblingName(access, lock Ref) (string, bool) {
	if access.Root != lock.Root {
		return "", false
	}
	i := strings.LastIndex(access.Path, ".")
	if i < 0 {
		return "", false
	}
	name, ok := strings.CutPrefix(lock.Path, access.Path[:i]+".")
	if !ok || name == "" || strings.Contains(name, ".") {
		return "", false
	}
	return name, true
}

// inLockedHelper reports whether a's function is a helper that some caller
// calls with a lock held.
func (r *Result) inLockedHelper(a *Access) bool {
	fd, ok := a.Fn.(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, _ := r.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return fn != nil && r.calledHeld[fn]
}

// InLockedHelper reports whether a is in a function that some caller in this
// package calls with a lock held.
func (r *Result) InLockedHelper(a *Access) bool {
	return r.inLockedHelper(a)
}
