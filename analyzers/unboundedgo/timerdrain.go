package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// timerDrains reports the pre-Go 1.23 drain idiom, if !t.Stop() { <-t.C }.
// Since Go 1.23 (the default for every main module that says go 1.23 or
// later, whatever the library's own go.mod says) a timer's channel is
// unbuffered: a receive after Stop never gets a value, so whenever Stop
// returns false (the tick was already received) the drain blocks forever.
// A main package whose module predates 1.23 keeps the old timers and is
// left alone.
func (c *checker) timerDrains() {
	if c.pass.Pkg.Name() == "main" && oldTimers(c.pass.Module) {
		return
	}
	c.in.Preorder([]ast.Node{(*ast.IfStmt)(nil)}, func(n ast.Node) {
		ifs := n.(*ast.IfStmt)
		timer, ok := c.failedStop(ifs.Cond)
		if !ok || ifs.Else != nil || c.generatedOnly(ifs.Pos()) {
			return
		}
		for _, st := range ifs.Body.List {
			if es, ok := st.(*ast.ExprStmt); ok && receivesFrom(es.X, timer) {
				c.reportDrain(es, timer)
			}
		}
	})
}

func oldTimers(m *analysis.Module) bool {
	return m != nil && m.GoVersion != "" && version.Compare("go"+m.GoVersion, "go1.23") < 0
}

// failedStop matches !t.Stop() for a *time.Timer t and returns t's text.
func (c *checker) failedStop(cond ast.Expr) (string, bool) {
	not, ok := ast.Unparen(cond).(*ast.UnaryExpr)
	if !ok || not.Op != token.NOT {
		return "", false
	}
	call, ok := ast.Unparen(not.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return "", false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Stop" || !isTimer(c.pass.TypesInfo.TypeOf(sel.X)) {
		return "", false
	}
	return types.ExprString(sel.X), true
}

func isTimer(t types.Type) bool {
	return t != nil && typesutil.IsNamed(typesutil.Deref(t), "time", "Timer")
}

// receivesFrom reports whether e is <-timer.C.
func receivesFrom(e ast.Expr, timer string) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "C" && types.ExprString(sel.X) == timer
}

func (c *checker) reportDrain(es *ast.ExprStmt, timer string) {
	col := c.pass.Fset.Position(es.Pos()).Column
	indent := strings.Repeat("\t", col-1)
	text := fmt.Sprintf("select {\n%scase <-%s.C:\n%sdefault:\n%s}", indent, timer, indent, indent)
	c.pass.Report(analysis.Diagnostic{
		Pos: es.Pos(), End: es.End(), Category: CategoryLeak,
		Message: fmt.Sprintf("since Go 1.23 a receive from %s.C after Stop never gets a value, so this drain blocks forever whenever Stop returns false (the tick was already received); drop it, or drain without blocking in a select with a default case", timer),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "drain " + timer + ".C without blocking",
			TextEdits: []analysis.TextEdit{{Pos: es.Pos(), End: es.End(), NewText: []byte(text)}},
		}},
	})
}
