package locks

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/concurrency"
)

// walker computes lock sets over one function declaration and the function
// literals inside it.
type walker struct {
	pass      *analysis.Pass
	r         *Result
	summaries map[*types.Func]*Summary
	spawned   map[ast.Node]bool
	decl      *ast.FuncDecl
	fn        *types.Func
	recv      types.Object
	record    bool

	cur      ast.Node // the function whose body is being walked
	top      bool     // cur is decl
	exits    []Set    // lock sets at the returns of decl
	deferred map[Ref]bool
	released map[Ref]bool
}

func newWalker(pass *analysis.Pass, r *Result, summaries map[*types.Func]*Summary, spawned map[ast.Node]bool, fd *ast.FuncDecl, record bool) *walker {
	w := &walker{
		pass: pass, r: r, summaries: summaries, decl: fd, record: record,
		cur: fd, top: true, deferred: map[Ref]bool{}, released: map[Ref]bool{},
	}
	w.fn, _ = pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fd.Recv != nil && len(fd.Recv.List) == 1 && len(fd.Recv.List[0].Names) == 1 {
		w.recv = pass.TypesInfo.Defs[fd.Recv.List[0].Names[0]]
	}
	w.spawned = spawned
	return w
}

func spawnedLits(pass *analysis.Pass) map[ast.Node]bool {
	res := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
	m := map[ast.Node]bool{}
	for _, s := range res.Spawns {
		if s.Body != nil {
			m[s.Body] = true
		}
	}
	return m
}

func (w *walker) function(body *ast.BlockStmt, in Set) {
	out, term := w.block(body.List, in)
	if !term {
		w.exits = append(w.exits, out)
	}
}

// summary describes what decl leaves locked or unlocked on its receiver.
func (w *walker) summary() *Summary {
	if w.recv == nil || w.fn == nil || len(w.exits) == 0 {
		return nil
	}
	held := w.exits[0]
	for _, e := range w.exits[1:] {
		held = intersect(held, e)
	}
	s := &Summary{}
	for ref, mode := range held {
		if ref.Root == w.recv && !w.deferred[ref] {
			p := ref.Path
			if mode == Shared {
				p = "R" + p
			}
			s.Acquires = append(s.Acquires, p)
		}
	}
	for ref := range w.released {
		if ref.Root == w.recv && held[ref] == 0 {
			s.Releases = append(s.Releases, ref.Path)
		}
	}
	if len(s.Acquires) == 0 && len(s.Releases) == 0 {
		return nil
	}
	// Sorted, so that the fact encodes the same in every run: go vet and
	// Bazel cache facts by their bytes.
	slices.Sort(s.Acquires)
	slices.Sort(s.Releases)
	return s
}

func (w *walker) block(list []ast.Stmt, in Set) (Set, bool) {
	for _, s := range list {
		var term bool
		in, term = w.stmt(s, in)
		if term {
			return in, true
		}
	}
	return in, false
}

func (w *walker) stmt(s ast.Stmt, in Set) (Set, bool) {
	if w.record {
		w.r.before[s] = in
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		return w.block(s.List, in)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, in)
	case *ast.ExprStmt:
		w.exprs(s, in)
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			return w.call(call, in), w.terminal(call)
		}
		return in, false
	case *ast.DeferStmt:
		w.exprs(s.Call, in)
		w.deferCall(s.Call)
		return in, false
	case *ast.ReturnStmt:
		w.exprs(s, in)
		if w.top {
			w.exits = append(w.exits, in)
		}
		return in, true
	case *ast.BranchStmt:
		return in, true
	case *ast.IfStmt:
		return w.ifStmt(s, in)
	case *ast.ForStmt:
		if s.Init != nil {
			in, _ = w.stmt(s.Init, in)
		}
		w.exprs(s.Cond, in)
		return w.loop(s.Body, s.Post, in), false
	case *ast.RangeStmt:
		w.exprs(s.X, in)
		if s.Tok == token.ASSIGN {
			w.exprs(&ast.AssignStmt{Lhs: nonNil(s.Key, s.Value), Tok: token.ASSIGN}, in)
		}
		return w.loop(s.Body, nil, in), false
	case *ast.SwitchStmt:
		if s.Init != nil {
			in, _ = w.stmt(s.Init, in)
		}
		w.exprs(s.Tag, in)
		return w.clauses(s.Body, in, true)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			in, _ = w.stmt(s.Init, in)
		}
		w.exprs(s.Assign, in)
		return w.clauses(s.Body, in, true)
	case *ast.SelectStmt:
		return w.clauses(s.Body, in, false)
	default: // assignments, declarations, sends, go statements
		w.exprs(s, in)
		return in, false
	}
}

func nonNil(es ...ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

func (w *walker) ifStmt(s *ast.IfStmt, in Set) (Set, bool) {
	if s.Init != nil {
		in, _ = w.stmt(s.Init, in)
	}
	w.exprs(s.Cond, in)
	thenOut, thenTerm := w.block(s.Body.List, in)
	elseOut, elseTerm := in, false
	if s.Else != nil {
		elseOut, elseTerm = w.stmt(s.Else, in)
	}
	return join([]Set{thenOut, elseOut}, []bool{thenTerm, elseTerm})
}

// loop walks a loop body twice: the second time starting from what is held
// both before the loop and after one iteration.
func (w *walker) loop(body *ast.BlockStmt, post ast.Stmt, in Set) Set {
	rec := w.record
	w.record = false
	out, _ := w.block(body.List, in)
	w.record = rec
	start := intersect(in, out)
	out, _ = w.block(body.List, start)
	if post != nil {
		w.stmt(post, out)
	}
	return intersect(in, out)
}

// clauses joins the clauses of a switch or select. A switch without default
// may run none of them; a select always runs one.
func (w *walker) clauses(body *ast.BlockStmt, in Set, isSwitch bool) (Set, bool) {
	var outs []Set
	var terms []bool
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		cin := in
		switch c := c.(type) {
		case *ast.CaseClause:
			hasDefault = hasDefault || c.List == nil
			for _, e := range c.List {
				w.exprs(e, in)
			}
			list = c.Body
		case *ast.CommClause:
			hasDefault = hasDefault || c.Comm == nil
			if c.Comm != nil {
				cin, _ = w.stmt(c.Comm, in)
			}
			list = c.Body
		}
		out, term := w.block(list, cin)
		outs, terms = append(outs, out), append(terms, term)
	}
	if isSwitch && !hasDefault || len(outs) == 0 {
		outs, terms = append(outs, in), append(terms, false)
	}
	return join(outs, terms)
}

func join(sets []Set, terms []bool) (Set, bool) {
	var out Set
	first := true
	for i, s := range sets {
		if terms[i] {
			continue
		}
		if first {
			out, first = s, false
		} else {
			out = intersect(out, s)
		}
	}
	if first {
		return sets[0], true
	}
	return out, false
}

func intersect(a, b Set) Set {
	out := Set{}
	for k, m := range a {
		if n := b[k]; n > 0 {
			out[k] = min(m, n)
		}
	}
	return out
}

// terminal reports whether call never returns: panic, or a function of the
// one table the passes share (os.Exit, log.Fatal, t.Fatal, fatal logging).
func (w *walker) terminal(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := w.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	return w.r.never.Never(typeutil.StaticCallee(w.pass.TypesInfo, call))
}

// call applies a call's effect on the lock set.
func (w *walker) call(call *ast.CallExpr, in Set) Set {
	fn, _ := typeutil.Callee(w.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return in
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return in
	}
	if op := ks.LockOpOf(fn); op != ks.NoLockOp {
		ref, ok := methodRecvRef(w.pass.TypesInfo, sel)
		if !ok {
			return in
		}
		return w.apply(in, ref, op)
	}
	s := w.summaryOf(fn)
	if s == nil {
		return in
	}
	base, ok := refOf(w.pass.TypesInfo, sel.X)
	if !ok {
		return in
	}
	for _, p := range s.Acquires {
		op := ks.Acquire
		if rest, ok := strings.CutPrefix(p, "R"); ok {
			p, op = rest, ks.AcquireRead
		}
		in = w.apply(in, Ref{base.Root, base.Path + p}, op)
	}
	for _, p := range s.Releases {
		in = w.apply(in, Ref{base.Root, base.Path + p}, ks.Release)
	}
	return in
}

func (w *walker) apply(in Set, ref Ref, op ks.LockOp) Set {
	out := Set{}
	for k, v := range in {
		out[k] = v
	}
	switch op {
	case ks.Acquire:
		out[ref] = Exclusive
	case ks.AcquireRead:
		out[ref] = Shared
	case ks.Release:
		if out[ref] == 0 && w.top {
			w.released[ref] = true
		}
		delete(out, ref)
	}
	return out
}

func (w *walker) summaryOf(fn *types.Func) *Summary {
	fn = fn.Origin()
	if s := w.summaries[fn]; s != nil {
		return s
	}
	if fn.Pkg() == nil || fn.Pkg() == w.pass.Pkg {
		return nil
	}
	var s Summary
	if w.pass.ImportObjectFact(fn, &s) {
		return &s
	}
	return nil
}

// deferCall notes a deferred unlock, directly or in a deferred literal, so
// that the lock does not count as left held by the function.
func (w *walker) deferCall(call *ast.CallExpr) {
	if !w.top {
		return
	}
	note := func(c *ast.CallExpr) {
		fn, _ := typeutil.Callee(w.pass.TypesInfo, c).(*types.Func)
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if fn == nil || !ok || ks.LockOpOf(fn) != ks.Release {
			return
		}
		if ref, ok := methodRecvRef(w.pass.TypesInfo, sel); ok {
			w.deferred[ref] = true
		}
	}
	note(call)
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		for _, s := range lit.Body.List {
			if es, ok := s.(*ast.ExprStmt); ok {
				if c, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
					note(c)
				}
			}
		}
	}
}

// methodRecvRef returns the lock a method call operates on: the receiver
// expression plus the embedded fields through which the method is promoted.
func methodRecvRef(info *types.Info, sel *ast.SelectorExpr) (Ref, bool) {
	base, ok := refOf(info, sel.X)
	if !ok {
		return Ref{}, false
	}
	selection := info.Selections[sel]
	if selection == nil {
		return base, true
	}
	idx := selection.Index()
	path, ok := fieldPath(selection.Recv(), idx[:len(idx)-1])
	if !ok {
		return Ref{}, false
	}
	return Ref{base.Root, base.Path + path}, true
}

// refOf names the location denoted by e, for identifiers and field
// selections; other expressions (index, call) have no stable name.
func refOf(info *types.Info, e ast.Expr) (Ref, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return Ref{}, false
		}
		return Ref{Root: v}, true
	case *ast.StarExpr:
		return refOf(info, e.X)
	case *ast.SelectorExpr:
		selection := info.Selections[e]
		if selection == nil { // qualified identifier
			v, ok := info.Uses[e.Sel].(*types.Var)
			return Ref{Root: v}, ok
		}
		if selection.Kind() != types.FieldVal {
			return Ref{}, false
		}
		base, ok := refOf(info, e.X)
		if !ok {
			return Ref{}, false
		}
		path, ok := fieldPath(selection.Recv(), selection.Index())
		if !ok {
			return Ref{}, false
		}
		return Ref{base.Root, base.Path + path}, true
	}
	return Ref{}, false
}

func fieldPath(t types.Type, idx []int) (string, bool) {
	var b strings.Builder
	for _, i := range idx {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return "", false
		}
		f := st.Field(i)
		b.WriteString("." + f.Name())
		t = f.Type()
	}
	return b.String(), true
}

// RefOf names the location denoted by e: a variable and a path of fields.
func RefOf(info *types.Info, e ast.Expr) (Ref, bool) { return refOf(info, e) }
