// Package recipe normalizes typed Go syntax into fingerprints that are
// equal for copies of the same code: local variables are numbered in order of
// first use, literals are reduced to their kind, package-level objects and
// called functions are named by their qualified names, struct literal fields
// and variadic option arguments are sorted. Two statements with the same
// fingerprint do the same thing to the same types, whatever their variables
// are called and whatever order their independent options come in.
//
// It also holds the pure model the diboilerplate check and the msvclint dupes
// summary share: recipes (Block), field-copying constructors (Ctor), how they
// cluster into copies, and what the copies differ in.
package recipe

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// Normalizer computes fingerprints of the syntax of one function. Its local
// numbering is shared by every call, so a variable keeps its number across the
// statements of one recipe.
type Normalizer struct {
	// Literals keeps numeric literal values in the fingerprint, for telling
	// apart copies that differ only in a tuning constant (SetMaxOpenConns(20)
	// and (25)). String literals stay abstract: addresses, DSNs and service
	// names differ between services by design.
	Literals bool

	info   *types.Info
	locals map[types.Object]int
}

// New returns a Normalizer reading types from info (which may be partial:
// code that does not type-check normalizes without panicking).
func New(info *types.Info) *Normalizer {
	return &Normalizer{info: info, locals: map[types.Object]int{}}
}

// Stmts returns the fingerprint of a statement list.
func (n *Normalizer) Stmts(list []ast.Stmt) string {
	var b strings.Builder
	for _, s := range list {
		n.stmt(&b, s)
		b.WriteByte(';')
	}
	return b.String()
}

// Stmt returns the fingerprint of one statement.
func (n *Normalizer) Stmt(s ast.Stmt) string {
	var b strings.Builder
	n.stmt(&b, s)
	return b.String()
}

// Expr returns the fingerprint of one expression.
func (n *Normalizer) Expr(e ast.Expr) string {
	var b strings.Builder
	n.expr(&b, e)
	return b.String()
}

func (n *Normalizer) stmt(b *strings.Builder, s ast.Stmt) {
	switch s := s.(type) {
	case nil:
		b.WriteString("nil")
	case *ast.ExprStmt:
		n.expr(b, s.X)
	case *ast.AssignStmt:
		n.exprs(b, s.Lhs)
		b.WriteString(s.Tok.String())
		n.exprs(b, s.Rhs)
	case *ast.DeclStmt:
		n.decl(b, s.Decl)
	case *ast.IfStmt:
		b.WriteString("if(")
		n.stmt(b, s.Init)
		b.WriteByte(';')
		n.expr(b, s.Cond)
		b.WriteString("){")
		b.WriteString(n.Stmts(s.Body.List))
		b.WriteString("}else{")
		if s.Else != nil {
			n.stmt(b, s.Else)
		}
		b.WriteByte('}')
	case *ast.BlockStmt:
		b.WriteString("{" + n.Stmts(s.List) + "}")
	case *ast.ReturnStmt:
		b.WriteString("return ")
		n.exprs(b, s.Results)
	case *ast.DeferStmt:
		b.WriteString("defer ")
		n.expr(b, s.Call)
	case *ast.GoStmt:
		b.WriteString("go ")
		n.expr(b, s.Call)
	case *ast.IncDecStmt:
		n.expr(b, s.X)
		b.WriteString(s.Tok.String())
	default:
		// Loops, switches and the like are never part of a recipe: their
		// kind alone keeps them apart without spelling any name.
		fmt.Fprintf(b, "%T", s)
	}
}

func (n *Normalizer) decl(b *strings.Builder, d ast.Decl) {
	g, ok := d.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR {
		fmt.Fprintf(b, "%T", d)
		return
	}
	b.WriteString("var ")
	for _, spec := range g.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, name := range vs.Names {
			n.expr(b, name)
			b.WriteByte(',')
		}
		if vs.Type != nil {
			b.WriteString(n.typeOf(vs.Type))
		}
		b.WriteByte('=')
		n.exprs(b, vs.Values)
		b.WriteByte(';')
	}
}

func (n *Normalizer) exprs(b *strings.Builder, list []ast.Expr) {
	for i, e := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		n.expr(b, e)
	}
}

func (n *Normalizer) expr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("nil")
	case *ast.Ident:
		b.WriteString(n.ident(e))
	case *ast.BasicLit:
		b.WriteString("lit:" + e.Kind.String())
		if n.Literals && e.Kind != token.STRING {
			b.WriteString(":" + e.Value)
		}
	case *ast.ParenExpr:
		n.expr(b, e.X)
	case *ast.SelectorExpr:
		if obj := n.obj(e.Sel); obj != nil && isPackageLevel(obj) {
			b.WriteString(Qualified(obj))
			return
		}
		n.expr(b, e.X)
		b.WriteString("." + e.Sel.Name)
	case *ast.CallExpr:
		n.call(b, e)
	case *ast.CompositeLit:
		n.composite(b, e)
	case *ast.UnaryExpr:
		b.WriteString(e.Op.String())
		n.expr(b, e.X)
	case *ast.StarExpr:
		b.WriteByte('*')
		n.expr(b, e.X)
	case *ast.BinaryExpr:
		b.WriteByte('(')
		n.expr(b, e.X)
		b.WriteString(e.Op.String())
		n.expr(b, e.Y)
		b.WriteByte(')')
	case *ast.IndexExpr:
		n.expr(b, e.X)
		b.WriteByte('[')
		n.expr(b, e.Index)
		b.WriteByte(']')
	case *ast.KeyValueExpr:
		n.expr(b, e.Key)
		b.WriteByte(':')
		n.expr(b, e.Value)
	case *ast.FuncLit:
		// A function literal is a handler or a hook: its signature is part of
		// the recipe, its body is the service's own business.
		b.WriteString("func" + n.typeOf(e))
	default:
		fmt.Fprintf(b, "%T", e)
	}
}

// ident names a local by its number and anything else by its qualified name,
// so renaming a local never changes a fingerprint.
func (n *Normalizer) ident(id *ast.Ident) string {
	obj := n.obj(id)
	switch {
	case obj == nil:
		if id.Name == "_" {
			return "_"
		}
		return "?"
	case isPackageLevel(obj) || obj.Pkg() == nil:
		return Qualified(obj)
	}
	if _, ok := obj.(*types.Var); !ok {
		// Local constants, types and labels stand for their type.
		return "local:" + typeString(obj.Type())
	}
	k, ok := n.locals[obj]
	if !ok {
		k = len(n.locals)
		n.locals[obj] = k
	}
	return fmt.Sprintf("v%d", k)
}

func (n *Normalizer) call(b *strings.Builder, c *ast.CallExpr) {
	n.expr(b, c.Fun)
	b.WriteByte('(')
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = n.Expr(a)
	}
	// Variadic options are independent of one another: their order is not
	// part of the recipe.
	if fixed := n.fixedParams(c); fixed >= 0 && fixed < len(args) && !c.Ellipsis.IsValid() {
		slices.Sort(args[fixed:])
	}
	b.WriteString(strings.Join(args, ","))
	b.WriteByte(')')
}

// fixedParams returns how many leading parameters of a variadic callee are
// not variadic, or -1 when the callee is not variadic or unknown.
func (n *Normalizer) fixedParams(c *ast.CallExpr) int {
	if n.info == nil {
		return -1
	}
	tv, ok := n.info.Types[c.Fun]
	if !ok || tv.Type == nil {
		return -1
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || !sig.Variadic() {
		return -1
	}
	return sig.Params().Len() - 1
}

func (n *Normalizer) composite(b *strings.Builder, c *ast.CompositeLit) {
	b.WriteString(n.typeOf(c) + "{")
	elts := make([]string, len(c.Elts))
	keyed := false
	for i, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			keyed = true
			var key string
			if id, ok := kv.Key.(*ast.Ident); ok {
				key = id.Name // a field name is part of the type, not a local
			} else {
				key = n.Expr(kv.Key)
			}
			elts[i] = key + ":" + n.Expr(kv.Value)
			continue
		}
		elts[i] = n.Expr(e)
	}
	if keyed {
		slices.Sort(elts)
	}
	b.WriteString(strings.Join(elts, ","))
	b.WriteByte('}')
}

func (n *Normalizer) obj(id *ast.Ident) types.Object {
	if n.info == nil || id == nil {
		return nil
	}
	if obj := n.info.Uses[id]; obj != nil {
		return obj
	}
	return n.info.Defs[id]
}

func (n *Normalizer) typeOf(e ast.Expr) string {
	if n.info == nil {
		return "?"
	}
	if t := n.info.TypeOf(e); t != nil {
		return typeString(t)
	}
	return "?"
}

func isPackageLevel(obj types.Object) bool {
	return obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

// Qualified is the name a table or a message uses for obj: "pkg/path.Name",
// "(*pkg/path.T).Method", or a universe name such as "nil".
func Qualified(obj types.Object) string {
	if f, ok := obj.(*types.Func); ok {
		return f.FullName()
	}
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Path() })
}

// TypeString prints t with full package paths, the form fingerprints use.
func TypeString(t types.Type) string { return typeString(t) }
