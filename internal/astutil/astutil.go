// Package astutil holds the small syntax helpers more than one check uses.
package astutil

import "go/ast"

// ShortExpr names what e denotes the way a message shows it (s.cache.mu),
// through parentheses and pointer dereferences; any part that is neither a
// name nor a selection is written as fallback.
func ShortExpr(e ast.Expr, fallback string) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return ShortExpr(e.X, fallback) + "." + e.Sel.Name
	case *ast.StarExpr:
		return ShortExpr(e.X, fallback)
	}
	return fallback
}
