package mutablecache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/cache"
	"github.com/msvclint/msvclint/passes/mutability"
)

// borrowed reports a cache entry that keeps memory the function does not
// own, other than a parameter itself (storedAlias's case): the bytes of a
// pooled buffer, a slice or map read from a parameter's field, or a new
// struct holding a slice or map parameter.
func (c *checker) borrowed(f *cache.Func, a *cache.Access) {
	switch v := ssautil.Unwrap(a.Value).(type) {
	case *ssa.Call:
		if what, why := pooledBytes(v); what != "" {
			c.reportBorrowed(f, a, v.Pos(), what, why, "bytes.Clone")
		} else if what, why := lentBytes(v); what != "" {
			c.reportBorrowed(f, a, v.Pos(), what, why, "bytes.Clone")
		}
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		kind := mutability.Kind(v.Type())
		if !ok || v.Op != token.MUL || kind == "pointer" || kind == "" || !c.mut.Mutable(v.Type()) {
			return
		}
		if p := ssautil.ParamRoot(fa.X); p != nil {
			what := fmt.Sprintf("the %s %s.%s its caller owns", kind, p.Name(), fieldName(fa))
			c.reportBorrowed(f, a, fa.Pos(), what, "when the caller reuses or changes it, the cached entry changes under every reader", cloneFunc(kind))
		}
	case *ssa.Alloc:
		for _, p := range wrappedParams(v, c.mut) {
			what := fmt.Sprintf("the caller's %s %s inside a new %s", mutability.Kind(p.Type()), p.Name(), c.typeString(typesutil.Deref(v.Type())))
			c.reportBorrowed(f, a, a.Pos(), what, "when the caller reuses or changes it, the cached entry changes under every reader", "")
		}
	}
}

// pooledBytes recognizes buf.Bytes() of a buffer taken from a sync.Pool.
func pooledBytes(call *ssa.Call) (what, why string) {
	if !isMethod(call.Call.StaticCallee(), "bytes", "Buffer", "Bytes") || len(call.Call.Args) == 0 {
		return "", ""
	}
	recv := call.Call.Args[0]
	if ta, ok := recv.(*ssa.TypeAssert); ok {
		if get, ok := ta.X.(*ssa.Call); ok && isPoolGet(get) {
			return "the bytes of a pooled buffer", "the buffer goes back to the pool and its next user overwrites them under every reader"
		}
	}
	return "", ""
}

// lentBytes lists the APIs documented to lend bytes that their next call
// (or the end of the request) overwrites.
func lentBytes(call *ssa.Call) (what, why string) {
	fn := call.Call.StaticCallee()
	for _, l := range lenders {
		if isMethod(fn, l.pkg, l.typ, l.name) {
			return l.what, l.why
		}
	}
	return "", ""
}

var lenders = []struct{ pkg, typ, name, what, why string }{
	{"bufio", "Scanner", "Bytes", "the bytes of a bufio.Scanner's buffer", "the next Scan overwrites them under every reader"},
	{"bufio", "Reader", "Peek", "bytes a bufio.Reader peeked at", "the next read overwrites them under every reader"},
	{"github.com/valyala/fasthttp", "RequestCtx", "Path", "a fasthttp request's path bytes", "fasthttp reuses them for the next request once the handler returns"},
	{"github.com/valyala/fasthttp", "RequestCtx", "PostBody", "a fasthttp request's body", "fasthttp reuses it for the next request once the handler returns"},
	{"github.com/valyala/fasthttp", "Request", "Body", "a fasthttp request's body", "fasthttp reuses it for the next request once the handler returns"},
	{"github.com/valyala/fasthttp", "Response", "Body", "a fasthttp response's body", "fasthttp reuses it once the response is released"},
	{"github.com/valyala/fasthttp", "Args", "Peek", "a fasthttp argument's bytes", "fasthttp reuses them for the next request once the handler returns"},
	{"github.com/valyala/fasthttp", "RequestHeader", "Peek", "a fasthttp header's bytes", "fasthttp reuses them for the next request once the handler returns"},
}

func isPoolGet(call *ssa.Call) bool {
	return isMethod(call.Call.StaticCallee(), "sync", "Pool", "Get")
}

// isMethod reports whether fn is the method pkg.(typ).name.
func isMethod(fn *ssa.Function, pkg, typ, name string) bool {
	if fn == nil {
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	return typesutil.IsFunc(obj, pkg, typ, name)
}

// wrappedParams returns the slice and map parameters stored into the
// fields of a newly allocated struct.
func wrappedParams(alloc *ssa.Alloc, mut *mutability.Checker) []*ssa.Parameter {
	var out []*ssa.Parameter
	for _, ref := range *alloc.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r := range *fa.Referrers() {
			st, ok := r.(*ssa.Store)
			if !ok || st.Addr != fa {
				continue
			}
			p, ok := ssautil.Unwrap(st.Val).(*ssa.Parameter)
			if !ok {
				continue
			}
			if k := mutability.Kind(p.Type()); (k == "slice" || k == "map") && mut.Mutable(p.Type()) {
				out = append(out, p)
			}
		}
	}
	return out
}

func (c *checker) reportBorrowed(f *cache.Func, a *cache.Access, at token.Pos, what, why, clone string) {
	d := analysis.Diagnostic{
		Pos: at, Category: CategoryStoredAlias,
		Related: []analysis.RelatedInformation{storageDecl(a.Storage)},
	}
	remedy := "store a copy"
	if clone != "" {
		remedy = "store " + clone + " of it"
	}
	d.Message = fmt.Sprintf("%s keeps %s in cache %s without copying it; %s, so %s",
		funcName(f.Fn), what, a.Storage.Name(), why, remedy)
	if e := c.exprAt(at); e != nil && clone != "" {
		d.Pos, d.End = e.Pos(), e.End()
		d.SuggestedFixes = c.wrapFix(e, clone)
	}
	c.pass.Report(d)
}

// callExprAt returns the call expression whose '(' is at pos, an SSA
// call's position.
func (c *checker) callExprAt(pos token.Pos) *ast.CallExpr {
	call, _ := c.exprAt(pos).(*ast.CallExpr)
	return call
}

// exprAt returns the call or selector expression an SSA value's position
// stands for: a call's Lparen, a field selection's selector.
func (c *checker) exprAt(pos token.Pos) ast.Expr {
	for _, n := range c.path(pos) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen == pos {
				return n
			}
		case *ast.SelectorExpr:
			if n.Sel.Pos() == pos {
				return n
			}
		}
	}
	return nil
}
