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

// FuncBody returns the body of an *ast.FuncDecl or *ast.FuncLit, nil for a
// declaration without one (assembly, linkname) or any other node.
func FuncBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// StmtList returns the statements a block, a switch case or a select case
// holds, and whether n is one of those.
func StmtList(n ast.Node) ([]ast.Stmt, bool) {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List, true
	case *ast.CaseClause:
		return n.Body, true
	case *ast.CommClause:
		return n.Body, true
	}
	return nil, false
}
