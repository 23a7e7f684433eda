package datarace

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// contextValueWrites reports a read method (a value receiver, or a getter:
// Get, Lookup, Find, Has) that writes a map of its receiver, on a type the
// package stores in a context.Context. A context is handed to every
// goroutine that works on the request, so its values are read by many at
// once: a write in the read path (a lookup memoizing a case-folded key)
// makes two readers write the map together (the collector's client
// Metadata.Get).
func (c *checker) contextValueWrites(generated func(ast.Node) bool) {
	carried := c.contextCarried()
	if len(carried) == 0 {
		return
	}
	for _, f := range c.pass.Files {
		if generated(f) {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || carried[recvNamed(fn)] == nil || !readMethod(fn) || locksIn(c.pass.TypesInfo, fd.Body) {
				continue
			}
			if w := c.receiverMapWrite(fd); w != nil {
				c.reportContextValue(fn, carried[recvNamed(fn)], w)
			}
		}
	}
}

// contextCarried returns the package's named types whose values it stores
// in a context (context.WithValue), with the struct types held in their
// fields by value (each copy of the value shares their maps), each mapped
// to the type stored.
func (c *checker) contextCarried() map[*types.TypeName]*types.TypeName {
	out := map[*types.TypeName]*types.TypeName{}
	var add func(t types.Type, stored *types.TypeName, depth int)
	add = func(t types.Type, stored *types.TypeName, depth int) {
		n, ok := types.Unalias(typesutil.Deref(t)).(*types.Named)
		if !ok || depth > 2 || n.Obj().Pkg() != c.pass.Pkg || out[n.Obj()] != nil {
			return
		}
		if stored == nil {
			stored = n.Obj()
		}
		out[n.Obj()] = stored
		if st, ok := n.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if _, isPtr := st.Field(i).Type().(*types.Pointer); !isPtr {
					add(st.Field(i).Type(), stored, depth+1)
				}
			}
		}
	}
	in := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		if len(call.Args) != 3 {
			return
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "WithValue" {
			add(c.pass.TypesInfo.TypeOf(call.Args[2]), nil, 0)
		}
	})
	return out
}

func recvNamed(fn *types.Func) *types.TypeName {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	if n, ok := types.Unalias(typesutil.Deref(recv.Type())).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// readMethod reports whether fn reads by its shape: a value receiver,
// whose copy the caller cannot see changed, or a getter's name.
func readMethod(fn *types.Func) bool {
	if _, isPtr := fn.Signature().Recv().Type().(*types.Pointer); !isPtr {
		return true
	}
	for _, p := range []string{"Get", "Lookup", "Find", "Has"} {
		if strings.HasPrefix(fn.Name(), p) {
			return true
		}
	}
	return false
}

// locksIn reports whether body calls a Lock or RLock method.
func locksIn(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && (fn.Name() == "Lock" || fn.Name() == "RLock") {
				found = true
			}
		}
		return !found
	})
	return found
}

// receiverMapWrite returns the first write into a map field of fd's
// receiver: an assignment to recv.f[k], or delete(recv.f, k).
func (c *checker) receiverMapWrite(fd *ast.FuncDecl) ast.Node {
	if len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return nil
	}
	recv := c.pass.TypesInfo.Defs[fd.Recv.List[0].Names[0]]
	onRecvMap := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		_, isMap := c.pass.TypesInfo.TypeOf(sel).Underlying().(*types.Map)
		return ok && isMap && recv != nil && c.pass.TypesInfo.Uses[id] == recv
	}
	var found ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for _, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && onRecvMap(ix.X) && found == nil {
					found = l
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "delete" && len(n.Args) == 2 && onRecvMap(n.Args[0]) && found == nil {
				if _, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin); builtin {
					found = n
				}
			}
		}
		return found == nil
	})
	return found
}

func (c *checker) reportContextValue(fn *types.Func, stored *types.TypeName, w ast.Node) {
	typ := recvNamed(fn).Name()
	where := typ
	if stored.Name() != typ {
		where = fmt.Sprintf("%s, which holds %s,", stored.Name(), typ)
	}
	c.report(w, catShared,
		fmt.Sprintf("%s.%s writes a map of its receiver, but the package stores %s in a context.Context, which every goroutine working on the request may hold: two calls write the map at once, which can crash the process; leave the map alone in a read method (compute into a local), or guard it with a mutex",
			typ, fn.Name(), where))
}
