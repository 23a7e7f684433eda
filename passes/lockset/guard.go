package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/directive"
	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// GuardedBy is the fact of a struct field that must be accessed with a
// sibling mutex field held: annotated //msvclint:guardedby NAME, or inferred
// from the package's accesses.
type GuardedBy struct {
	Lock     string // the mutex field's name in the same struct
	Inferred bool   // false for an annotation
	Locked   int    // inferred: access sites with the lock held
	Total    int    // inferred: access sites counted
}

// AFact marks GuardedBy as a fact.
func (*GuardedBy) AFact() {}

func (g *GuardedBy) String() string {
	if !g.Inferred {
		return "guardedby " + g.Lock
	}
	return fmt.Sprintf("guardedby %s (inferred %d/%d)", g.Lock, g.Locked, g.Total)
}

// LockKey names a lock relative to an access: Up steps above the object
// holding the accessed field (0: a sibling of the field), then the lock's
// own steps (".mu"); or, for a package-level lock, Global.
type LockKey struct {
	Up     int
	Steps  string
	Global types.Object
}

func (k LockKey) String() string {
	if k.Global != nil {
		return k.Global.Name() + k.Steps
	}
	return fmt.Sprintf("%d%s", k.Up, k.Steps)
}

// Keys returns the locks a.Held holds, relative to the accessed memory, in
// their modes. Locks of unrelated objects are left out.
func Keys(a *Access) map[LockKey]Mode {
	out := map[LockKey]Mode{}
	for lock, m := range a.Held {
		if m <= 0 {
			continue
		}
		if lock.Root.Kind == Global && a.Path.Root.Kind != Global {
			// A package-level lock held around a field of some object
			// guards it in passing (reflect's caches around the types
			// they build); it guards package variables.
			continue
		}
		if k, ok := relLock(a.Path, lock); ok {
			out[k] = max(out[k], m)
		}
	}
	return out
}

// relLock expresses lock relative to the access path, when the lock lies
// on the path's object or one of the objects above it.
func relLock(access, lock Path) (LockKey, bool) { return RelLock(access, lock) }

// RelLock expresses lock relative to the access path, when the lock lies on
// the path's object or one of the objects above it.
func RelLock(access, lock Path) (LockKey, bool) {
	if lock.Root.Kind == Global {
		return LockKey{Global: lock.Root.Obj, Steps: lock.Steps}, true
	}
	lp, ok := lock.Parent()
	if !ok {
		return LockKey{}, false
	}
	steps := lock.Steps[len(lp.Steps):]
	ap, ok := access.Parent()
	if !ok || !ap.HasPrefix(lp) {
		return LockKey{}, false
	}
	rest := ap.Steps[len(lp.Steps):]
	return LockKey{Up: strings.Count(rest, ".") + strings.Count(rest, "["), Steps: steps}, true
}

// Resolve names the lock k as held for an access to path.
func (k LockKey) Resolve(access Path) Path {
	if k.Global != nil {
		return Path{Root: Root{Kind: Global, Obj: k.Global}, Steps: k.Steps}
	}
	p, _ := access.Parent()
	for range k.Up {
		p, _ = p.Parent()
	}
	return Path{Root: p.Root, Steps: p.Steps + k.Steps}
}

// Site is one place in the source that accesses a field, with every
// context that reaches it.
type Site struct {
	Pos   token.Pos
	Kind  Kind
	Field *types.Var
	Occ   []Occurrence
	// Held is what every occurrence holds.
	Held map[LockKey]Mode
}

// Occurrence is a site as one context reaches it.
type Occurrence struct {
	Ctx    *Context
	Access *Access
}

// Guard is an inferred or annotated guard of a field in this package.
type Guard struct {
	Key LockKey
	// LockVar is the guard's mutex field, when known: holding that field
	// of any object of the type counts where the access's object cannot be
	// told apart from another (a copy of a pointer in another struct).
	LockVar        *types.Var
	Inferred       bool
	Locked, Total  int
	LockedWriteSet []*Site // sites that write with the lock held
	// Via, for a lock above the field's own object, is the field of the
	// lock's object that holds the field's struct by value: the guard
	// covers accesses through it only.
	Via string
}

// Sites returns, per field, the sites of the package's contexts that count:
// not atomic, not on an object the context made, not of a field whose type
// synchronizes itself. Computed once; the map is shared and must not be
// changed.
func (r *Result) Sites() map[*types.Var][]*Site {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.siteMap())
}

func (r *Result) siteMap() map[*types.Var][]*Site {
	if r.sites != nil {
		return r.sites
	}
	r.sites = map[*types.Var][]*Site{}
	index := map[siteKey]*Site{}
	for _, ctx := range r.contextList() {
		for _, a := range ctx.Accesses {
			if !r.countableIn(ctx, a) {
				continue
			}
			k := siteKey{a.Pos, a.Kind, a.Field}
			s := index[k]
			if s == nil {
				s = &Site{Pos: a.Pos, Kind: a.Kind, Field: a.Field, Held: Keys(a)}
				index[k] = s
				r.sites[a.Field] = append(r.sites[a.Field], s)
			} else {
				s.Held = meetKeys(s.Held, Keys(a))
			}
			s.Occ = append(s.Occ, Occurrence{Ctx: ctx, Access: a})
		}
	}
	return r.sites
}

type siteKey struct {
	pos   token.Pos
	kind  Kind
	field *types.Var
}

func meetKeys(a, b map[LockKey]Mode) map[LockKey]Mode {
	out := map[LockKey]Mode{}
	for k, m := range a {
		if n, ok := b[k]; ok {
			out[k] = min(m, n)
		}
	}
	return out
}

// Countable reports whether a says anything about a field's discipline.
func (r *Result) Countable(a *Access) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.countable(a)
}

func (r *Result) countable(a *Access) bool {
	return !r.fresh(a.Path.Root) && r.countableKind(a)
}

// countableIn is countable for an access as ctx makes it. A goroutine
// started on an object its starter has just made, which the starter then
// hands out (a constructor's go s.loop()), shares that object with every
// later caller: its accesses count, unlike the starter's own, which come
// before anyone else has the object.
func (r *Result) countableIn(ctx *Context, a *Access) bool {
	if r.fresh(a.Path.Root) {
		v := a.Path.Root.Value
		if _, built := v.(*ssa.Alloc); !built && ctx.Kind != Goroutine {
			// Only the object itself, not what its fields were set to
			// (NewClient's brokers map as NewClusterAdmin reaches it):
			// locks held on the object do not carry over to those.
			return false
		}
		if ctx.Kind == Goroutine {
			return startedOn(ctx, v) && escapes(v, 0) && r.countableKind(a)
		}
		return r.afterStartOn(ctx, a) && r.countableKind(a)
	}
	return r.countableKind(a)
}

// afterStartOn reports whether a, made by the code of ctx on its new
// object, may come after ctx started a goroutine on that object (a
// constructor that starts dialers, then counts on): from then on the two
// share it.
func (r *Result) afterStartOn(ctx *Context, a *Access) bool {
	for _, g := range r.goroutinesOf(ctx) {
		if startedOn(g, a.Path.Root.Value) && escapes(a.Path.Root.Value, 0) && sameMaking(a.Chain, g.Spawn.Chain, a.Path.Root.Value) && !Before(a.Chain, g.Spawn.Chain) {
			return true
		}
	}
	return false
}

// storedEscapes reports whether a value stored at addr is handed out: kept
// in a field of an object that is (the map of s := &Service{configs: m}),
// or in a variable captured by a closure, whose value is then returned.
func storedEscapes(addr ssa.Value, depth int) bool {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		return escapes(a.X, depth+1)
	case *ssa.Alloc:
		for _, ref := range *a.Referrers() {
			if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL && escapes(load, depth+1) {
				return true
			}
		}
	}
	return false
}

// sameMaking reports whether two chains reach the function that made v
// through the same calls, so that they see one object: chains that part
// before it (two calls that each make a node) see two.
func sameMaking(a, b *Chain, v ssa.Value) bool {
	for a != nil && b != nil && a.Instr == b.Instr {
		if a.Instr.Parent() == v.Parent() {
			return true
		}
		a, b = a.Next, b.Next
	}
	return a != nil && b != nil && a.Instr.Parent() == v.Parent()
}

// goroutinesOf returns the goroutine contexts ctx starts.
func (r *Result) goroutinesOf(ctx *Context) []*Context {
	if r.children == nil {
		r.children = map[*Context][]*Context{}
		for _, c := range r.contextList() {
			if c.Kind == Goroutine && c.Parent != nil {
				r.children[c.Parent] = append(r.children[c.Parent], c)
			}
		}
	}
	return r.children[ctx]
}

// startedOn reports whether ctx is a goroutine started by the function that
// made v, itself or through a helper it calls (s.start() in New): the
// goroutine runs on the starter's new object.
func startedOn(ctx *Context, v ssa.Value) bool {
	if ctx.Kind != Goroutine || ctx.Spawn == nil {
		return false
	}
	for ch := ctx.Spawn.Chain; ch != nil; ch = ch.Next {
		if ch.Instr.Parent() == v.Parent() {
			return true
		}
	}
	return false
}

// escapes reports whether the function that made v returns it, or keeps
// it in a field of an object it returns: a
// constructor hands the object to its caller, who calls its methods while
// the goroutine runs. An object kept elsewhere (a server's connection in its
// tracking map) is reached by code the package's protocol orders, and is
// left to the starter's context.
func escapes(v ssa.Value, depth int) bool {
	if depth > 3 || v.Referrers() == nil {
		return false
	}
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Return:
			return true
		case *ssa.MakeInterface, *ssa.ChangeType:
			if escapes(ref.(ssa.Value), depth+1) {
				return true
			}
		case *ssa.Store:
			if ref.Val == v && storedEscapes(ref.Addr, depth) {
				return true
			}
		}
	}
	return false
}

func (r *Result) countableKind(a *Access) bool {
	if a.Atomic || a.Field == nil {
		return false
	}
	if a.Snapshot && !r.inPlaceMaps()[a.Field] {
		return false // copy on write: the map read is never written
	}
	if ks.IsSafeType(a.Field.Type()) {
		if _, isChan := a.Field.Type().Underlying().(*types.Chan); !isChan || a.Kind != Write {
			return false // its methods synchronize; only replacing a channel races
		}
	}
	return true
}

// inPlaceMaps are the map fields whose contents some code writes in place,
// not only through a new map it then stores. Computed once.
func (r *Result) inPlaceMaps() map[*types.Var]bool {
	if r.inPlace != nil {
		return r.inPlace
	}
	r.inPlace = map[*types.Var]bool{}
	for _, ctx := range r.contextList() {
		for _, a := range ctx.Accesses {
			if a.Map && a.Kind == ContentWrite && a.Field != nil && !r.fresh(a.Path.Root) {
				r.inPlace[a.Field] = true
			}
		}
	}
	return r.inPlace
}

// Inference thresholds: a field is guarded by a lock when some site writes
// it with the lock held exclusively and at least minLocked sites hold it, or
// when at least majorityMin sites and three quarters of all hold it.
const (
	minLocked   = 2
	majorityMin = 3
)

// guardMap returns the guard of each field the package's accesses show one
// for, and of each annotated field. Computed once.
func (r *Result) guardMap() map[*types.Var]*Guard {
	if r.guards != nil {
		return r.guards
	}
	r.guards = map[*types.Var]*Guard{}
	for field, key := range r.annotations() {
		r.guards[field] = &Guard{Key: key, LockVar: lockVar(r.siteMap()[field], key)}
	}
	for field, sites := range r.siteMap() {
		if r.guards[field] != nil {
			continue
		}
		if g := infer(sites, field); g != nil {
			r.guards[field] = g
		}
	}
	return r.guards
}

func infer(sites []*Site, field *types.Var) *Guard {
	writes := 0
	locked := map[LockKey]int{}
	lockedWrites := map[LockKey][]*Site{}
	for _, s := range sites {
		if s.Kind.IsWrite() {
			writes++
		}
		for k, m := range s.Held {
			locked[k]++
			if s.Kind.IsWrite() && m == Exclusive {
				lockedWrites[k] = append(lockedWrites[k], s)
			}
		}
	}
	if writes == 0 {
		return nil // read-only fields need no lock
	}
	var best *Guard
	for k, n := range locked {
		via := ""
		if k.Up > 0 {
			if via = inlineBelow(sites, k, field); via == "" {
				continue // a lock above the field's own object guards it only where that object is embedded
			}
		}
		majority := n >= majorityMin && 4*n >= 3*len(sites)
		// A package-level lock guards many objects' fields in passing;
		// it is their guard only when most accesses hold it.
		strong := majority || k.Global == nil && len(lockedWrites[k]) > 0 && n >= minLocked
		if strong && (best == nil || n > best.Locked) {
			best = &Guard{Key: k, Inferred: true, Locked: n, Total: len(sites), LockedWriteSet: lockedWrites[k], Via: via}
		}
	}
	if best != nil {
		best.LockVar = lockVar(sites, best.Key)
	}
	return best
}

// inlineBelow returns the name of the field through which a lock one
// object up guards field, its struct held there by value (hs.current.process
// under hs.hooksMu: the same memory as the lock's own fields), or "". The
// guard holds only through that field, the one written under the lock:
// hs.initial, read there to build hs.current, is another copy.
func inlineBelow(sites []*Site, key LockKey, field *types.Var) string {
	lock := lockVar(sites, key)
	if key.Up != 1 || lock == nil {
		return ""
	}
	name := ""
	for _, s := range sites {
		if _, ok := s.Held[key]; ok && s.Kind.IsWrite() && len(s.Occ) > 0 {
			name = ParentStep(s.Occ[0].Access.Path)
			break
		}
	}
	owner := ownerStruct(lock)
	if owner == nil || name == "" {
		return ""
	}
	for i := range owner.NumFields() {
		f := owner.Field(i)
		if f.Name() != name {
			continue
		}
		st, ok := f.Type().Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		for j := range st.NumFields() {
			if st.Field(j) == field {
				return name
			}
		}
	}
	return ""
}

// ParentStep is the name of the field p selects its last field from
// (current in hs.current.process), or "".
func ParentStep(p Path) string {
	parent, ok := p.Parent()
	if !ok {
		return ""
	}
	return parent.Steps[strings.LastIndexAny(parent.Steps, ".[")+1:]
}

// ownerStruct is the struct of its package that declares field v.
func ownerStruct(v *types.Var) *types.Struct {
	if tn := typesutil.FieldOwner(v); tn != nil {
		st, _ := tn.Type().Underlying().(*types.Struct)
		return st
	}
	return nil
}

// lockVar finds the mutex field that key names at a site that holds it.
func lockVar(sites []*Site, key LockKey) *types.Var {
	for _, s := range sites {
		for _, o := range s.Occ {
			for lock := range o.Access.Held {
				if k, ok := relLock(o.Access.Path, lock); ok && k == key && lock.Last != nil {
					return lock.Last
				}
			}
		}
	}
	return nil
}

// Guard returns the guard of a field: this package's, or an imported fact
// for a field of another package.
func (r *Result) Guard(field *types.Var) *Guard {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g := r.guardMap()[field]; g != nil {
		c := *g
		return &c
	}
	if field.Pkg() == nil || field.Pkg() == r.pass.Pkg || !field.IsField() {
		return nil
	}
	var f GuardedBy
	if r.pass.ImportObjectFact(field, &f) {
		return &Guard{Key: LockKey{Steps: "." + f.Lock}, Inferred: f.Inferred, Locked: f.Locked, Total: f.Total}
	}
	return nil
}

// exportGuards exports the annotated guards of this package's fields, for
// importers that reach the fields. (Inferred guards stay in the package:
// inferring needs every function's accesses, which dependencies analyzed
// only for facts should not pay for, and the fields whose discipline it
// infers are nearly always unexported.)
func (r *Result) exportGuards() {
	for field, key := range r.annotations() {
		if field.Exported() {
			r.pass.ExportObjectFact(field, &GuardedBy{Lock: strings.TrimPrefix(key.Steps, ".")})
		}
	}
}

// annotations reads //msvclint:guardedby NAME on the fields of this
// package's structs; one naming no mutex field of the same struct is
// ignored.
func (r *Result) annotations() map[*types.Var]LockKey {
	out := map[*types.Var]LockKey{}
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			tst, _ := r.pass.TypesInfo.TypeOf(st).(*types.Struct)
			if tst == nil {
				return true
			}
			for _, field := range st.Fields.List {
				name := guardName(field)
				if name == "" || !hasMutex(tst, name) {
					continue
				}
				for _, id := range field.Names {
					if v, ok := r.pass.TypesInfo.Defs[id].(*types.Var); ok {
						out[v] = LockKey{Steps: "." + name}
					}
				}
			}
			return true
		})
	}
	return out
}

func guardName(field *ast.Field) string {
	for _, cg := range []*ast.CommentGroup{field.Doc, field.Comment} {
		if cg == nil {
			continue
		}
		for _, c := range cg.List {
			if d, ok := directive.Parse(c.Text); ok && d.Key == "guardedby" && len(d.Args) == 1 {
				return d.Args[0]
			}
		}
	}
	return ""
}

func hasMutex(st *types.Struct, name string) bool {
	for i := range st.NumFields() {
		if f := st.Field(i); f.Name() == name && ks.IsMutex(f.Type()) {
			return true
		}
	}
	return false
}

// Fresh reports whether root is an object its function creates (a
// composite literal, new, make, or a call of a package function that returns
// one): not shared until it is published.
func (r *Result) Fresh(root Root) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fresh(root)
}

// FreshAt reports whether the object an access starts from is one its
// context has just made: a fresh root, or a merge in a callee of fresh
// objects and of parameters that the calls on the access's chain bind to
// fresh objects (processBench(sub) on the sub := &B{} of its caller, which
// replaces b with a new B on a later turn).
func (r *Result) FreshAt(a *Access) bool {
	if a.Path.Root.Kind != Local {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.freshOn(a.Path.Root.Value, a.Chain, map[ssa.Value]bool{})
}

// freshOn reports whether v is fresh on chain; seen holds the values
// already asked about, so that the phis of nested loops, which merge each
// other, count as fresh when everything else they merge is.
func (r *Result) freshOn(v ssa.Value, chain *Chain, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	if len(seen) > maxPathDepth {
		return false
	}
	seen[v] = true
	if phi, ok := v.(*ssa.Phi); ok {
		for _, e := range phi.Edges {
			if !r.freshOn(e, chain, seen) {
				return false
			}
		}
		return true
	}
	p := pathOf(v)
	switch {
	case p.Steps != "":
		return false
	case p.Root.Kind == Param:
		arg := argOnChain(chain, v.Parent(), p.Root.Index)
		return arg != nil && r.freshOn(arg, chain, seen)
	case p.Root.Kind != Local:
		return false
	case p.Root.Value != v:
		return r.freshOn(p.Root.Value, chain, seen)
	}
	return r.fresh(p.Root)
}

// argOnChain returns the argument that the call on chain into fn passes
// for its parameter i, or nil when fn is the chain's own function or is
// entered otherwise.
func argOnChain(chain *Chain, fn *ssa.Function, i int) ssa.Value {
	for c := chain; c != nil && c.Next != nil; c = c.Next {
		if c.Next.Instr.Parent() != fn {
			continue
		}
		call, ok := c.Instr.(ssa.CallInstruction)
		if !ok || call.Common().IsInvoke() || call.Common().StaticCallee() != fn {
			return nil
		}
		if args := call.Common().Args; i >= 0 && i < len(args) {
			return args[i]
		}
		return nil
	}
	return nil
}

func (r *Result) fresh(root Root) bool {
	if root.Kind != Local {
		return false
	}
	return r.freshValue(root.Value)
}

func (r *Result) freshValue(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		// An object, not the cell of a variable assigned more than once
		// (whose loads name whatever it points to).
		switch types.Unalias(typesutil.Deref(v.Type())).Underlying().(type) {
		case *types.Struct, *types.Array:
			return true
		}
	case *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan:
		return true
	case *ssa.Call:
		if isPoolGet(v) {
			return true // a pool hands each object to one taker only
		}
		callee := v.Call.StaticCallee()
		if callee == nil {
			return false
		}
		body := bodyOf(callee)
		return body != nil && r.local(body) && r.returnsFresh(body)
	}
	return false
}

func isPoolGet(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	return typesutil.IsFunc(obj, "sync", "Pool", "Get")
}

// returnsFresh reports whether every return of fn returns, first, an object
// fn creates: a constructor.
func (r *Result) returnsFresh(fn *ssa.Function) bool {
	if v, ok := r.freshFuncs[fn]; ok {
		return v
	}
	r.freshFuncs[fn] = false // recursion: not known to be fresh
	returns := false
	ok := true
	for _, b := range fn.Blocks {
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet || len(ret.Results) == 0 {
			continue
		}
		returns = true
		p := pathOf(ret.Results[0])
		if p.Steps != "" || !r.fresh(p.Root) && !isNil(ret.Results[0]) {
			ok = false
			break
		}
	}
	r.freshFuncs[fn] = returns && ok
	return returns && ok
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}
