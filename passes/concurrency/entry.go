package concurrency

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	kc "github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// findEntries records the functions a framework calls concurrently: those
// with a handler's exact signature (whatever their name), and methods of this
// package's types that implement a gRPC service or a message-consumer
// interface declared in an imported package.
func findEntries(pass *analysis.Pass, r *Result) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			var sig *types.Signature
			switch n := n.(type) {
			case *ast.FuncDecl:
				if fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
					sig = fn.Signature()
				}
			case *ast.FuncLit:
				sig, _ = pass.TypesInfo.TypeOf(n).(*types.Signature)
			default:
				return true
			}
			if sig == nil {
				return true
			}
			if kind, ok := kc.HandlerKind(sig); ok {
				r.Entries = append(r.Entries, &Entry{Node: n, Kind: kind})
			}
			return true
		})
	}
	for _, si := range serviceInterfaces(pass) {
		implementors(pass, r, si)
	}
}

type serviceIface struct {
	iface   *types.Interface
	methods []string // empty: every method of iface
	kind    kc.EntryKind
}

// serviceInterfaces collects, from the direct imports, the gRPC service
// interfaces (the second parameter of generated RegisterXServer functions)
// and the known consumer interfaces.
func serviceInterfaces(pass *analysis.Pass) []serviceIface {
	var out []serviceIface
	for _, imp := range pass.Pkg.Imports() {
		scope := imp.Scope()
		for _, name := range scope.Names() {
			fn, ok := scope.Lookup(name).(*types.Func)
			if !ok {
				continue
			}
			if iface, ok := kc.GRPCServiceInterface(fn); ok {
				out = append(out, serviceIface{iface: iface, kind: kc.EntryGRPC})
			}
		}
		out = append(out, knownInterfaces(imp, kc.ConsumerMethods, kc.EntryConsumer)...)
		out = append(out, knownInterfaces(imp, kc.CollectorMethods, kc.EntryCollector)...)
		out = append(out, knownInterfaces(imp, kc.RoundTripMethods, kc.EntryRoundTrip)...)
		out = append(out, knownInterfaces(imp, kc.PipelineMethods, kc.EntryPipeline)...)
	}
	return out
}

// knownInterfaces returns the interfaces of the table that package imp
// declares, each with its concurrently called method.
func knownInterfaces(imp *types.Package, table []typesutil.Func, kind kc.EntryKind) []serviceIface {
	var out []serviceIface
	for _, c := range table {
		if imp.Path() != c.Pkg {
			continue
		}
		if tn, ok := imp.Scope().Lookup(c.Recv).(*types.TypeName); ok {
			if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
				out = append(out, serviceIface{iface: iface, methods: []string{c.Name}, kind: kind})
			}
		}
	}
	return out
}

// implementors adds as entries the methods of this package's named types that
// implement si.
func implementors(pass *analysis.Pass, r *Result, si serviceIface) {
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if _, isIface := tn.Type().Underlying().(*types.Interface); isIface {
			continue
		}
		ptr := types.NewPointer(tn.Type())
		if !types.Implements(ptr, si.iface) {
			continue
		}
		for i := range si.iface.NumMethods() {
			m := si.iface.Method(i)
			if len(si.methods) > 0 && !contains(si.methods, m.Name()) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(ptr, false, pass.Pkg, m.Name())
			if fn, ok := obj.(*types.Func); ok {
				if d := r.decls[fn]; d != nil {
					r.Entries = append(r.Entries, &Entry{Node: d, Kind: si.kind, implements: true})
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// keepRegistered keeps only the entries a framework really receives, so that
// every check agrees on what runs per request. A method found by its
// signature alone is registered when it implements http.Handler (ServeHTTP)
// or the package uses it as a method value (mux.HandleFunc("/", s.list)).
// Other methods with a handler's signature are often helpers of per-request
// objects (Reset(w, r) on a pooled context) and are no entry for anyone.
// Function literals, gRPC and consumer methods are found where they are
// handed over or through their interface, and are registered.
func keepRegistered(pass *analysis.Pass, r *Result) {
	values := methodValues(pass)
	kept := r.Entries[:0]
	for _, e := range r.Entries {
		if registered(pass, e, values) {
			kept = append(kept, e)
		}
	}
	r.Entries = kept
}

func registered(pass *analysis.Pass, e *Entry, values map[*types.Func]bool) bool {
	fd, ok := e.Node.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || e.implements || e.Kind == kc.EntryGRPC || e.Kind == kc.EntryConsumer || e.Kind == kc.EntryCollector || e.Kind == kc.EntryRoundTrip {
		return true
	}
	fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return fn != nil && (values[fn] || e.Kind == kc.EntryHTTP && fn.Name() == "ServeHTTP")
}

// methodValues finds the methods of this package used as values, not called.
func methodValues(pass *analysis.Pass) map[*types.Func]bool {
	out := map[*types.Func]bool{}
	called := map[*ast.SelectorExpr]bool{}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					called[sel] = true
				}
			case *ast.SelectorExpr:
				if called[n] {
					return true
				}
				if sel := pass.TypesInfo.Selections[n]; sel != nil && sel.Kind() != types.FieldVal {
					if fn, ok := sel.Obj().(*types.Func); ok {
						out[fn.Origin()] = true
					}
				}
			}
			return true
		})
	}
	return out
}
