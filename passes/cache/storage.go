package cache

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/knowledge/caches"
	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// StorageKind is the shape of a cache's storage.
type StorageKind int

// The storage kinds.
const (
	KindMap     StorageKind = iota + 1 // a map
	KindSyncMap                        // a sync.Map
	KindLib                            // a cache library value
	// KindSnapshot is an atomic.Value or atomic.Pointer: not a cache (its
	// Cache stays false), but what Load returns is shared by every reader
	// the same way; see Func.Snapshots.
	KindSnapshot
)

// Storage is a map, sync.Map, cache-library value or atomic snapshot kept in
// a struct field or package variable.
type Storage struct {
	Var  *types.Var
	Kind StorageKind
	Lib  *caches.CacheType // for KindLib
	// Owner is the struct type declaring the field, nil for a package variable.
	Owner *types.TypeName
	// Cache is set when use or type shows a cache; Fill is the store that
	// fills it on a miss (nil for library caches).
	Cache    bool
	Fill     *Access
	Accesses []*Access
}

// Name is how messages name the storage: "Type.field" or "variable".
func (s *Storage) Name() string {
	if s.Owner != nil {
		return s.Owner.Name() + "." + s.Var.Name()
	}
	return s.Var.Name()
}

// Has reports whether some access of the storage has one of the ops.
func (s *Storage) Has(ops ...AccessOp) bool {
	for _, a := range s.Accesses {
		for _, op := range ops {
			if a.Op == op {
				return true
			}
		}
	}
	return false
}

// AccessOp is what an access does to a storage.
type AccessOp int

// The access operations.
const (
	OpRead    AccessOp = iota + 1 // look up one entry
	OpWrite                       // store one entry
	OpDrop                        // delete one or all entries
	OpReset                       // assign a new map outside construction
	OpInit                        // assign the storage while constructing it
	OpIterate                     // range over the entries
	OpSize                        // len of the map
	OpLoad                        // the map value itself is loaded
)

// Access is one use of a storage in a function.
type Access struct {
	Op      AccessOp
	Storage *Storage
	Fn      *ssa.Function
	Instr   ssa.Instruction
	Key     ssa.Value
	// Value is the stored value (OpWrite), or the instruction whose result
	// (ValueIndex of a tuple, -1 for the whole result) is the value read.
	Value      ssa.Value
	ValueIndex int
	// Chan is set for a read whose result is a channel that delivers the
	// value (singleflight's DoChan).
	Chan bool
	// Inst is the struct value whose field holds the storage, nil for a
	// package variable.
	Inst ssa.Value
}

// Pos is the access's position.
func (a *Access) Pos() token.Pos {
	if p := a.Instr.Pos(); p.IsValid() {
		return p
	}
	return a.Fn.Pos()
}

func (r *Result) scanAccesses(f *Func) {
	add := func(op AccessOp, s *Storage, in ssa.Instruction, key, val ssa.Value, idx int) *Access {
		if s == nil {
			return nil
		}
		a := &Access{Op: op, Storage: s, Fn: f.Fn, Instr: in, Key: key, Value: val, ValueIndex: idx, Inst: instance(in)}
		s.Accesses = append(s.Accesses, a)
		f.Accesses = append(f.Accesses, a)
		return a
	}
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Lookup:
				idx := -1
				if in.CommaOk {
					idx = 0
				}
				add(OpRead, r.storageOf(in.X, true), in, in.Index, in, idx)
			case *ssa.MapUpdate:
				add(OpWrite, r.storageOf(in.Map, true), in, in.Key, in.Value, -1)
			case *ssa.Range:
				add(OpIterate, r.storageOf(in.X, true), in, nil, nil, -1)
			case *ssa.UnOp:
				if s := r.storageOf(in, true); s != nil && s.Kind == KindMap {
					add(OpLoad, s, in, nil, in, -1)
				}
			case *ssa.Store:
				if s := r.storageOf(in.Addr, false); s != nil {
					add(storeOp(f.Fn, in.Addr), s, in, nil, in.Val, -1)
				}
			case *ssa.Call:
				r.scanCall(f, in, add)
			}
		}
	}
}

// storeOp tells construction from reset: a field of a struct allocated in
// this function, or a package variable assigned in init, is being built.
func storeOp(fn *ssa.Function, addr ssa.Value) AccessOp {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		if _, ok := a.X.(*ssa.Alloc); ok {
			return OpInit
		}
	case *ssa.Global:
		if fn.Name() == "init" || fn.Synthetic != "" {
			return OpInit
		}
	}
	return OpReset
}

type adder func(op AccessOp, s *Storage, in ssa.Instruction, key, val ssa.Value, idx int) *Access

func (r *Result) scanCall(f *Func, call *ssa.Call, add adder) {
	c := &call.Call
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if len(c.Args) == 0 {
			return
		}
		s := r.storageOf(c.Args[0], true)
		switch b.Name() {
		case "delete", "clear":
			add(OpDrop, s, call, nil, nil, -1)
		case "len":
			add(OpSize, s, call, nil, nil, -1)
		}
		return
	}
	callee := ssautil.Callee(c)
	if callee == nil || c.IsInvoke() || len(c.Args) == 0 {
		return
	}
	r.noteContextValue(callee, c)
	if fn := c.StaticCallee(); fn != nil && fn.Parent() == nil && r.Funcs[fn] != nil {
		f.Callees = append(f.Callees, fn)
		f.Calls = append(f.Calls, c)
	}
	recv := embedder(c.Args[0])
	s := r.storageOf(recv, true)
	if s == nil {
		s = r.storageOf(recv, false)
	}
	if s == nil {
		return
	}
	args := c.Args[1:]
	arg := func(i int) ssa.Value {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	switch s.Kind {
	case KindSyncMap:
		switch callee.Name() {
		case "Load":
			add(OpRead, s, call, arg(0), call, 0)
		case "Store", "Swap":
			add(OpWrite, s, call, arg(0), arg(1), -1)
		case "CompareAndSwap":
			add(OpWrite, s, call, arg(0), arg(2), -1)
		case "LoadOrStore":
			add(OpWrite, s, call, arg(0), arg(1), -1)
			add(OpRead, s, call, arg(0), call, 0)
		case "LoadAndDelete", "Delete", "CompareAndDelete", "Clear":
			add(OpDrop, s, call, arg(0), nil, -1)
		case "Range":
			add(OpIterate, s, call, nil, nil, -1)
		}
	case KindSnapshot:
		if callee.Pkg() == nil || callee.Pkg().Path() != "sync/atomic" {
			return
		}
		switch callee.Name() {
		case "Load":
			add(OpRead, s, call, nil, call, -1)
		case "Store", "Swap":
			add(OpWrite, s, call, nil, arg(0), -1)
		case "CompareAndSwap":
			add(OpWrite, s, call, nil, arg(1), -1)
		}
	case KindLib:
		// By the storage's library, not the callee's receiver: a method
		// promoted from an embedded type (otter's Get, from its unexported
		// baseCache) has that type as its receiver.
		m, ok := s.Lib.Methods[callee.Name()]
		if !ok || callee.Pkg() == nil || callee.Pkg().Path() != s.Lib.Pkg {
			return
		}
		switch m.Op {
		case caches.OpGet:
			idx := m.Index
			if callee.Type().(*types.Signature).Results().Len() == 1 {
				idx = -1
			}
			add(OpRead, s, call, arg(0), call, idx)
		case caches.OpGetChan:
			add(OpRead, s, call, arg(0), call, -1).Chan = true
		case caches.OpSet:
			add(OpWrite, s, call, arg(0), arg(m.Index), -1)
		case caches.OpDelete, caches.OpPurge:
			add(OpDrop, s, call, arg(0), nil, -1)
		}
	}
}

// storageOf returns the storage v is (load: v is the value loaded from a
// field or package variable; otherwise v is its address).
func (r *Result) storageOf(v ssa.Value, load bool) *Storage {
	if load {
		u, ok := v.(*ssa.UnOp)
		if !ok || u.Op != token.MUL {
			return nil
		}
		v = u.X
	}
	var obj *types.Var
	var owner *types.TypeName
	switch a := v.(type) {
	case *ssa.FieldAddr:
		obj, owner = fieldOf(a)
	case *ssa.Global:
		obj, _ = a.Object().(*types.Var)
	}
	if obj == nil {
		return nil
	}
	if s, ok := r.Storages[obj]; ok {
		return s
	}
	kind, lib := storageKind(obj.Type())
	if kind == 0 {
		return nil
	}
	s := &Storage{Var: obj, Kind: kind, Lib: lib, Owner: owner}
	r.Storages[obj] = s
	return s
}

// embedder returns the library cache a method is promoted to: otter's Cache
// embeds an unexported baseCache that holds Get, so the receiver of c.Get(k)
// is c.baseCache (or &c.baseCache), and the storage is c.
func embedder(v ssa.Value) ssa.Value {
	for {
		x, field := ssautil.Selection(v)
		if field == nil || !field.Embedded() {
			return v
		}
		if _, ok := caches.LookupType(typesutil.Deref(x.Type())); !ok {
			return v
		}
		v = x
	}
}

func fieldOf(a *ssa.FieldAddr) (*types.Var, *types.TypeName) {
	x, f := ssautil.Selection(a)
	if f == nil {
		return nil, nil
	}
	var owner *types.TypeName
	if n, ok := types.Unalias(typesutil.Deref(x.Type())).(*types.Named); ok {
		owner = n.Origin().Obj()
	}
	return f.Origin(), owner
}

func storageKind(t types.Type) (StorageKind, *caches.CacheType) {
	if lib, ok := caches.LookupType(t); ok {
		return KindLib, lib
	}
	if caches.IsSnapshotType(t) {
		return KindSnapshot, nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil &&
		n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Map" {
		return KindSyncMap, nil
	}
	if _, ok := t.Underlying().(*types.Map); ok {
		if _, ptr := types.Unalias(t).(*types.Pointer); !ptr {
			return KindMap, nil
		}
	}
	return 0, nil
}

// decideCaches marks the storages that are caches: library caches by type,
// maps and sync.Maps by a function that reads them and, in the same body,
// fills them with a value it computed. Storage in a request type is not a
// cache, however it is filled.
func (r *Result) decideCaches() {
	for _, s := range r.Storages {
		if s.Owner != nil && r.perRequest[s.Owner] {
			continue // kept on a request's context: see noteContextValue
		}
		if s.Owner != nil && caches.IsRequest(s.Owner.Type()) {
			// A request's context memoizes for that request alone
			// (gin's ShouldBindBodyWith): no other caller shares it.
			continue
		}
		if s.Kind == KindSnapshot {
			continue // published, not cached: see seedSnapshots
		}
		if s.Kind == KindLib {
			s.Cache = true
			continue
		}
		reads := map[*ssa.Function][]*Access{}
		for _, a := range s.Accesses {
			if a.Op == OpRead {
				reads[a.Fn] = append(reads[a.Fn], a)
			}
		}
		for _, a := range s.Accesses {
			if a.Op == OpWrite && len(reads[a.Fn]) > 0 && computed(a.Value) && !updates(a, reads[a.Fn]) {
				s.Cache, s.Fill = true, a
				break
			}
		}
		if !s.Cache {
			r.filledThroughMethods(s, reads)
		}
	}
}

// noteContextValue remembers the type of a value the package keeps on a
// context with context.WithValue: a value there lives as long as that
// context, one request, and nobody else shares what it holds (a per-request
// session registry), so its maps are no caches.
func (r *Result) noteContextValue(callee *types.Func, c *ssa.CallCommon) {
	if len(c.Args) != 3 || !typesutil.IsFunc(callee, "context", "", "WithValue") {
		return
	}
	t := ssautil.Unwrap(c.Args[2]).Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		r.perRequest[n.Obj()] = true
	}
}

// filledThroughMethods recognizes a cache type with a getter and a setter
// (Get(k) reads the map, Set(k, v) stores its parameter v) from a caller in
// the package that calls both and hands Set a value it loaded: the miss-fill
// happens one level up.
func (r *Result) filledThroughMethods(s *Storage, reads map[*ssa.Function][]*Access) {
	setters := map[*ssa.Function]int{}
	for _, a := range s.Accesses {
		if p, ok := ssautil.Unwrap(a.Value).(*ssa.Parameter); ok && a.Op == OpWrite {
			if i := sigParamIndex(a.Fn, p); i >= 0 {
				setters[a.Fn] = i
			}
		}
	}
	if len(setters) == 0 || len(reads) == 0 {
		return
	}
	for _, f := range r.Funcs {
		readsToo := false
		var fill *ssa.Call
		for _, b := range f.Fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				if len(reads[callee]) > 0 {
					readsToo = true
				}
				if j, ok := setters[callee]; ok {
					if args := ssautil.SigArgs(&call.Call); j < len(args) && computed(args[j]) {
						fill = call
					}
				}
			}
		}
		if readsToo && fill != nil {
			s.Cache = true
			for _, a := range s.Accesses {
				if a.Op == OpWrite && a.Fn == fill.Call.StaticCallee() {
					s.Fill = a
				}
			}
			return
		}
	}
}

// updates reports whether a store writes back a value computed from what
// the function read from the same map (m[k] = append(m[k], v), m[k]++): an
// accumulator, not a cache filled on a miss.
func updates(w *Access, reads []*Access) bool {
	for _, r := range reads {
		if dependsOn(w.Value, r.Value, 0) {
			return true
		}
	}
	return false
}

func dependsOn(v, target ssa.Value, depth int) bool {
	if v == target {
		return true
	}
	in, ok := v.(ssa.Instruction)
	if !ok || depth > maxDependDepth {
		return false
	}
	if _, isPhi := v.(*ssa.Phi); isPhi && depth > 0 {
		return false // a loop-carried value: stop rather than walk the loop
	}
	for _, op := range in.Operands(nil) {
		if *op != nil && dependsOn(*op, target, depth+1) {
			return true
		}
	}
	return false
}

// computed reports whether a stored value was loaded or computed by a call
// (directly, through a type assertion, or scanned into a local variable or
// into the fields of a new struct): what a cache keeps. A value the caller
// handed in is a registration, an empty new object is get-or-create
// bookkeeping, a value moved from another map is a rehash, and a constant
// marks a set of seen keys.
func computed(v ssa.Value) bool {
	return loaded(ssautil.Unwrap(v), 0)
}

func loaded(v ssa.Value, depth int) bool {
	if v == nil || depth > maxLoadDepth {
		return false
	}
	switch x := v.(type) {
	case *ssa.Call:
		_, builtin := x.Call.Value.(*ssa.Builtin)
		return !builtin && !onArgument(x)
	case *ssa.Extract:
		return loaded(x.Tuple, depth+1)
	case *ssa.TypeAssert:
		return loaded(x.X, depth+1)
	case *ssa.Convert:
		return loaded(x.X, depth+1)
	case *ssa.MakeInterface, *ssa.ChangeType:
		return loaded(ssautil.Unwrap(x), depth+1)
	case *ssa.Phi:
		for _, e := range x.Edges {
			if loaded(e, depth+1) {
				return true
			}
		}
	case *ssa.UnOp:
		_, local := x.X.(*ssa.Alloc)
		return x.Op == token.MUL && local
	case *ssa.Alloc:
		for _, ref := range *x.Referrers() {
			if _, ok := ref.(*ssa.Call); ok {
				return true // filled by the call it is passed to: Scan, Unmarshal
			}
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			for _, r2 := range *fa.Referrers() {
				if st, ok := r2.(*ssa.Store); ok && st.Addr == fa && loaded(ssautil.Unwrap(st.Val), depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// onArgument reports whether call is a method of a value the caller handed
// in (value.String() in flag.Var): that derives from a registration rather
// than loading anything. The method receiver of the enclosing function does
// not count: s.db.Query is how a cache loads.
func onArgument(call *ssa.Call) bool {
	var recv ssa.Value
	switch {
	case call.Call.IsInvoke():
		recv = call.Call.Value
	case call.Call.StaticCallee() != nil && call.Call.StaticCallee().Signature.Recv() != nil && len(call.Call.Args) > 0:
		recv = call.Call.Args[0]
	default:
		return false
	}
	p := ssautil.ParamRoot(recv)
	if p == nil {
		return false
	}
	fn := p.Parent()
	return fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Params[0] != p
}

// The depth limits of the value walks: how many instructions back a value
// may depend on its target, and how many operations a computed value may
// pass through. Real code stays well inside them; they bound the
// pathological.
const (
	maxDependDepth = 6
	maxLoadDepth   = 4
)

// instance returns the struct value whose field an access uses.
func instance(in ssa.Instruction) ssa.Value {
	var v ssa.Value
	switch in := in.(type) {
	case *ssa.Lookup:
		v = in.X
	case *ssa.MapUpdate:
		v = in.Map
	case *ssa.Range:
		v = in.X
	case *ssa.UnOp:
		v = in
	case *ssa.Store:
		v = in.Addr
	case *ssa.Call:
		if len(in.Call.Args) > 0 {
			v = in.Call.Args[0]
		}
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	if fa, ok := v.(*ssa.FieldAddr); ok {
		return fa.X
	}
	return nil
}
