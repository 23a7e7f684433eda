package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// unsafeCall is a method call on the object a field or package variable
// holds, as one context makes it.
type unsafeCall struct {
	occ
	method  string
	callPos token.Pos  // the method call, when the object reaches it through a phi
	owner   types.Type // the struct whose field holds the object, nil for a package variable
}

// unsafeObjects reports a method call, with no exclusive lock held, on a
// field or package variable holding an object documented as not safe for
// concurrent use (a *rand.Rand, a hash, a json.Encoder), from code that may
// run beside another such call: every method changes the object's state,
// so two calls race even when both only "read" a random number.
func (c *checker) unsafeObjects(generated func(token.Pos) bool) {
	sites := c.ls.Sites()
	for _, field := range sortedFields(sites) {
		u, ok := c.unsafeKind(field)
		if !ok {
			continue
		}
		var calls []unsafeCall
		for _, s := range sites[field] {
			if generated(s.Pos) {
				continue
			}
			for _, o := range s.Occ {
				if uc, ok := c.unguardedCall(o, field); ok {
					calls = append(calls, uc)
				}
			}
		}
		seen := map[*ssa.Function]bool{} // one finding per object and function
		for _, x := range calls {
			if seen[x.Access.Fn] {
				continue
			}
			if p, ok := c.unsafePartner(x, calls); ok {
				seen[x.Access.Fn] = true
				c.reportUnsafe(field, u, x, p)
			}
		}
	}
}

// unsafeKind says whether field holds an object not safe for concurrent
// use: by its type, or, for an interface, by every value the package
// stores in it.
func (c *checker) unsafeKind(field *types.Var) (ks.Unsafe, bool) {
	if u, ok := ks.UnsafeType(field.Type()); ok {
		return u, !c.lockedSource(field)
	}
	if !types.IsInterface(field.Type()) {
		return ks.Unsafe{}, false
	}
	var found ks.Unsafe
	n := 0
	for _, v := range c.fields().stores[field] {
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			return ks.Unsafe{}, false
		}
		u, ok := ks.UnsafeType(mi.X.Type())
		if !ok {
			return ks.Unsafe{}, false
		}
		found, n = u, n+1
	}
	return found, n > 0 && !c.lockedSource(field)
}

// lockedSource reports, for a field holding a *rand.Rand, whether the
// package does not show it built by rand.New over one of math/rand's own
// sources: any other source (or a Rand built another way, as math/rand/v2
// builds its global one) may lock, and then so does every call.
func (c *checker) lockedSource(field *types.Var) bool {
	if _, known := ks.UnsafeType(field.Type()); known && !isRandType(field.Type()) || !known && !types.IsInterface(field.Type()) {
		return false
	}
	stored := c.fields().stores[field]
	for _, v := range stored {
		if mi, ok := v.(*ssa.MakeInterface); ok {
			v = mi.X
		}
		if !isRandType(v.Type()) {
			continue
		}
		call, ok := v.(*ssa.Call)
		if !ok || !isRandNew(call.Call.StaticCallee()) || len(call.Call.Args) != 1 {
			return true
		}
		src, ok := ssautil.Unwrap(call.Call.Args[0]).(*ssa.Call)
		if !ok || !isStdSource(src.Call.StaticCallee()) {
			return true
		}
	}
	return len(stored) == 0
}

func isRandType(t types.Type) bool {
	t = typesutil.Deref(t)
	return typesutil.IsNamed(t, "math/rand", "Rand") || typesutil.IsNamed(t, "math/rand/v2", "Rand")
}

func isRandNew(fn *ssa.Function) bool {
	return fn != nil && fn.Pkg != nil && (fn.Pkg.Pkg.Path() == "math/rand" || fn.Pkg.Pkg.Path() == "math/rand/v2") && fn.Name() == "New"
}

func isStdSource(fn *ssa.Function) bool {
	if fn == nil || fn.Pkg == nil {
		return false
	}
	switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
	case "math/rand.NewSource", "math/rand/v2.NewPCG", "math/rand/v2.NewChaCha8":
		return true
	}
	return false
}

// unguardedCall returns the occurrence as a call on the held object when
// the loaded value is a method call's receiver and no exclusive lock that
// could cover the object is held: any of the owner's for a field (a read
// lock lets readers in together), a package-level one for a variable.
func (c *checker) unguardedCall(o occ, field *types.Var) (unsafeCall, bool) {
	a := o.Access
	if a.Kind != lockset.Read || c.sequentialTest(o) || c.ls.Fresh(a.Path.Root) {
		return unsafeCall{}, false
	}
	load, ok := chainEnd(a.Chain).(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return unsafeCall{}, false
	}
	method, via := receiverOf(load)
	if method == "" {
		return unsafeCall{}, false
	}
	global := !field.IsField()
	for lock, m := range a.Held {
		if m == lockset.Exclusive && (!global || lock.Root.Kind == lockset.Global) {
			return unsafeCall{}, false
		}
	}
	uc := unsafeCall{occ: o, method: method}
	if via != nil {
		uc.callPos = via.Pos()
	}
	if fa, ok := load.X.(*ssa.FieldAddr); ok {
		uc.owner = typesutil.Deref(fa.X.Type())
	}
	return uc, true
}

func chainEnd(ch *lockset.Chain) ssa.Instruction {
	if ch == nil {
		return nil
	}
	for ch.Next != nil {
		ch = ch.Next
	}
	return ch.Instr
}

// lockedEdge reports whether a block by which v enters phi calls a Lock
// method: if hasher != nil { h.lock.Lock() } else { hasher = pooled() }.
func lockedEdge(phi *ssa.Phi, v ssa.Value) bool {
	for i, e := range phi.Edges {
		if e != v {
			continue
		}
		for _, instr := range phi.Block().Preds[i].Instrs {
			if lockMethod(instr) == "Lock" {
				return true
			}
		}
	}
	return false
}

// receiverOf returns the name of a method called on v, or on a phi v
// flows into (the shared hasher, or a pooled one when it is nil), or "".
func receiverOf(v ssa.Value) (string, *ssa.Call) {
	m, call := receiverThrough(v, map[ssa.Value]bool{}, false)
	return m, call
}

func receiverThrough(v ssa.Value, seen map[ssa.Value]bool, viaPhi bool) (string, *ssa.Call) {
	if seen[v] {
		return "", nil
	}
	seen[v] = true
	for _, ref := range *v.Referrers() {
		if phi, ok := ref.(*ssa.Phi); ok {
			if lockedEdge(phi, v) {
				continue // the shared value's branch takes a lock first
			}
			if m, c := receiverThrough(phi, seen, true); m != "" {
				return m, c
			}
			continue
		}
		call, ok := ref.(*ssa.Call)
		if !ok {
			continue
		}
		cc := call.Common()
		var via *ssa.Call
		if viaPhi {
			via = call
		}
		if cc.IsInvoke() && cc.Value == v {
			return cc.Method.Name(), via
		}
		if fn := cc.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(cc.Args) > 0 && cc.Args[0] == v {
			return fn.Name(), via
		}
	}
	return "", nil
}

// unsafePartner returns a call that may run at the same time as x: x
// itself again when its code runs beside itself (a handler, a goroutine
// started in a loop, or an exported method of a type built for sharing,
// which has a mutex or adds to a counter of the same object atomically),
// or another call from concurrent code.
func (c *checker) unsafePartner(x unsafeCall, calls []unsafeCall) (unsafeCall, bool) {
	if x.Ctx.Self || concurrentRoot(x.Ctx) && (hasMutex(x.owner) || countsAtomically(x.Ctx, x.Access.Path.Root) || pooledFallback(x)) {
		return x, true
	}
	for _, p := range calls {
		if p.Access == x.Access || !c.concurrent(x.occ, p.occ) {
			continue
		}
		// Two exported methods of a type with no mutex are the caller's
		// to serialize; a goroutine's call, or a package variable, is not.
		if x.Ctx.Kind == lockset.Goroutine || p.Ctx.Kind == lockset.Goroutine || x.owner == nil || hasMutex(x.owner) {
			return p, true
		}
	}
	return unsafeCall{}, false
}

// hasMutex reports whether a struct type has a sync.Mutex or RWMutex field.
func hasMutex(t types.Type) bool {
	if t == nil {
		return false
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if ks.IsMutex(typesutil.Deref(st.Field(i).Type())) {
			return true
		}
	}
	return false
}

func (c *checker) reportUnsafe(field *types.Var, u ks.Unsafe, x, p unsafeCall) {
	name := c.names.expr(x.Access.Pos, field)
	other := "another call of " + funcName(lockset.RootFn(x.Ctx))
	if p.Access != x.Access {
		other = funcName(lockset.RootFn(p.Ctx)) + "'s call of " + p.method
	}
	var rel []analysis.RelatedInformation
	if p.Access != x.Access {
		rel = append(rel, c.relatedPos(p.Access.Pos, "the other call"))
	}
	pos := x.Access.Pos
	if x.callPos.IsValid() {
		pos = x.callPos
	}
	c.reportAt(pos, catUnsafe,
		fmt.Sprintf("%s holds a %s, which is not safe for concurrent use, and %s calls its %s with no lock held while %s may run at the same time; %s",
			name, u.Name, funcName(x.Access.Fn), x.method, other, u.Advice), rel...)
}

// pooledFallback reports whether the call is made on a phi that merges the
// held object with one taken from a sync.Pool (hasher := h.Hasher; if
// hasher == nil { hasher = pool.Get().(hash.Hash32) }): a pool exists for
// objects used by calls running at the same time, so the code expects to
// run beside itself, and the shared object on the other edge is used by
// all of those calls.
func pooledFallback(x unsafeCall) bool {
	load, ok := chainEnd(x.Access.Chain).(*ssa.UnOp)
	if !ok {
		return false
	}
	for _, ref := range *load.Referrers() {
		phi, ok := ref.(*ssa.Phi)
		if !ok {
			continue
		}
		for _, e := range phi.Edges {
			if e == ssa.Value(load) {
				continue
			}
			if fromPool(e) {
				return true
			}
		}
	}
	return false
}

func fromPool(v ssa.Value) bool {
	for range 4 {
		switch x := ssautil.Unwrap(v).(type) {
		case *ssa.TypeAssert:
			v = x.X
		case *ssa.Extract:
			v = x.Tuple
		case *ssa.Call:
			return typesutil.IsFunc(ssautil.Callee(&x.Call), "sync", "Pool", "Get")
		default:
			return false
		}
	}
	return false
}
