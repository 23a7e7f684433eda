package datarace

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/passes/lockset"
)

// names renders accesses found on SSA in the words of the source: the
// expression written at a position.
type names struct {
	pass  *analysis.Pass
	exprs map[token.Pos]ast.Expr
}

// at returns the expression that SSA positions an access at: a selector
// (at its field name), the map or slice of an index expression (at its
// bracket), the argument of delete, clear or len (at the parenthesis), or
// an identifier.
func (n *names) at(pos token.Pos) ast.Expr {
	if n.exprs == nil {
		n.exprs = map[token.Pos]ast.Expr{}
		for _, f := range n.pass.Files {
			ast.Inspect(f, func(node ast.Node) bool {
				switch e := node.(type) {
				case *ast.SelectorExpr:
					n.exprs[e.Sel.Pos()] = e
				case *ast.IndexExpr:
					n.exprs[e.Lbrack] = e.X
				case *ast.CallExpr:
					if len(e.Args) > 0 {
						n.exprs[e.Lparen] = e.Args[0]
					}

				case *ast.Ident:
					if _, ok := n.exprs[e.Pos()]; !ok {
						n.exprs[e.Pos()] = e
					}
				case *ast.AssignStmt:
					if len(e.Lhs) == 1 {
						n.exprs[e.TokPos] = e.Lhs[0]
					}
				case *ast.IncDecStmt:
					n.exprs[e.TokPos] = e.X
				}
				return true
			})
		}
	}
	return n.exprs[pos]
}

// expr names the field or variable accessed at pos.
func (n *names) expr(pos token.Pos, field *types.Var) string {
	if e := n.at(pos); e != nil {
		if s := exprString(e); s != "the value" {
			return s
		}
	}
	return field.Name()
}

// lock names the lock key guards for the access at pos.
func (n *names) lock(pos token.Pos, field *types.Var, key lockset.LockKey) string {
	if key.Global != nil {
		return key.Global.Name() + key.Steps
	}
	e := n.at(pos)
	sel, ok := ast.Unparen(exprOrNil(e)).(*ast.SelectorExpr)
	if !ok {
		return strings.TrimPrefix(key.Steps, ".")
	}
	base := sel.X
	for range key.Up {
		switch b := ast.Unparen(base).(type) {
		case *ast.SelectorExpr:
			base = b.X
		case *ast.IndexExpr:
			base = b.X
		default:
			return strings.TrimPrefix(key.Steps, ".")
		}
	}
	return exprString(base) + key.Steps
}

func exprOrNil(e ast.Expr) ast.Expr {
	if e == nil {
		return &ast.BadExpr{}
	}
	return e
}
