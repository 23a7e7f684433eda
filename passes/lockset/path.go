package lockset

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/internal/typesutil"
)

// RootKind says where a Path starts.
type RootKind uint8

// The kinds of roots. Param, Free and Global roots mean the same memory in
// a caller once substituted; a Local root is a value of one function only
// (a new object, a call's result, a map lookup) and never leaves it.
const (
	Param  RootKind = iota + 1 // a parameter; a method's receiver is 0
	Free                       // a closure's free variable
	Global                     // a package-level variable
	Local                      // any other value of the function
)

// Root is where a Path starts.
type Root struct {
	Kind  RootKind
	Index int          // Param, Free: the index
	Obj   types.Object // Global: the variable
	Value ssa.Value    // Local: the value
}

// Path names memory by a root and the field selections and element steps
// from it, through pointer indirections: s.cache.mu, s.items[].state. Two
// equal Paths of one function denote the same memory when the root is not
// reassigned between them, which SSA guarantees for every root but a
// variable cell, and cells are resolved to their one stored value.
type Path struct {
	Root  Root
	Steps string // ".mu", ".cache.items", "[].state"
	// Last is the field of the last step, nil for a root or an element.
	// Equal steps from equal roots select equal fields, so it does not
	// change what a Path names; it names the mutex a lock path holds.
	Last *types.Var
}

func (p Path) String() string {
	var b strings.Builder
	switch p.Root.Kind {
	case Param:
		b.WriteString("p")
		b.WriteString(itoa(p.Root.Index))
	case Free:
		b.WriteString("f")
		b.WriteString(itoa(p.Root.Index))
	case Global:
		b.WriteString(p.Root.Obj.Name())
	case Local:
		b.WriteString(p.Root.Value.Name())
	}
	b.WriteString(p.Steps)
	return b.String()
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// Parent is the path one step shorter, and false for a bare root.
func (p Path) Parent() (Path, bool) {
	i := strings.LastIndexAny(p.Steps, ".[")
	if i < 0 {
		return p, false
	}
	// The parent's own last field is not known from here; nothing needs it.
	return Path{Root: p.Root, Steps: p.Steps[:i]}, true
}

// Extend appends a field selection to p.
func (p Path) Extend(field *types.Var) Path {
	return Path{Root: p.Root, Steps: p.Steps + "." + field.Name(), Last: field}
}

// Elem appends an element step to p.
func (p Path) Elem() Path {
	return Path{Root: p.Root, Steps: p.Steps + "[]"}
}

// Append appends the steps of q, a path from another root, to p.
func (p Path) Append(q Path) Path {
	if q.Steps == "" {
		return p
	}
	return Path{Root: p.Root, Steps: p.Steps + q.Steps, Last: q.Last}
}

// HasPrefix reports whether q is p or a path below it.
func (p Path) HasPrefix(q Path) bool {
	if p.Root != q.Root || !strings.HasPrefix(p.Steps, q.Steps) {
		return false
	}
	rest := p.Steps[len(q.Steps):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// pathOf names the memory or value v denotes, following field selections,
// element addresses, loads and conversions back to a root.
func pathOf(v ssa.Value) Path {
	return pathOfDepth(v, 0)
}

// maxPathDepth bounds the walk back through values: long chains of phis
// and cells are followed no further and become local roots.
const maxPathDepth = 16

func pathOfDepth(v ssa.Value, depth int) Path {
	if depth > maxPathDepth {
		return Path{Root: Root{Kind: Local, Value: v}}
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return Path{Root: Root{Kind: Param, Index: paramIndex(v)}}
	case *ssa.FreeVar:
		return Path{Root: Root{Kind: Free, Index: freeIndex(v)}}
	case *ssa.Global:
		return Path{Root: Root{Kind: Global, Obj: v.Object()}}
	case *ssa.FieldAddr:
		return pathOfDepth(v.X, depth+1).Extend(ssautil.FieldOf(v).Origin())
	case *ssa.Field:
		return pathOfDepth(v.X, depth+1).Extend(ssautil.FieldOf(v).Origin())
	case *ssa.IndexAddr:
		return pathOfDepth(v.X, depth+1).Elem()
	case *ssa.Index:
		return pathOfDepth(v.X, depth+1).Elem()
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if obj := forwarded(v); obj != nil {
				return Path{Root: Root{Kind: Local, Value: obj}}
			}
			if cell, ok := v.X.(*ssa.Alloc); ok {
				if stored := cellValue(cell); stored != nil {
					return pathOfDepth(stored, depth+1)
				}
			}
			return pathOfDepth(v.X, depth+1)
		}
	case *ssa.ChangeType:
		return pathOfDepth(v.X, depth+1)
	case *ssa.MakeInterface:
		return pathOfDepth(v.X, depth+1)
	case *ssa.ChangeInterface:
		return pathOfDepth(v.X, depth+1)
	case *ssa.Slice:
		return pathOfDepth(v.X, depth+1)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return pathOfDepth(v.X, depth+1)
		}
	case *ssa.Phi:
		if p, ok := phiPath(v, depth); ok {
			return p
		}
	case *ssa.Call:
		// m.RLocker() locks m (for reading, which the must-analysis
		// does not tell apart here).
		if callee := v.Call.StaticCallee(); callee != nil && callee.Name() == "RLocker" && len(v.Call.Args) == 1 {
			if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync" {
				return pathOfDepth(v.Call.Args[0], depth+1)
			}
		}
	}
	return Path{Root: Root{Kind: Local, Value: v}}
}

// forwarded returns the new object a load reads back, when the same block
// stored it at the same address just before with no call in between
// (r.conn = new(Conn); r.conn.addr = a, or s[i] = new(T); s[i].decode()):
// the load names that object, which nothing else can reach yet, not
// whatever the field or element held.
func forwarded(load *ssa.UnOp) *ssa.Alloc {
	switch load.X.(type) {
	case *ssa.FieldAddr, *ssa.IndexAddr:
	default:
		return nil
	}
	instrs := load.Block().Instrs
	i := slices.Index(instrs, ssa.Instruction(load))
	for j := i - 1; j >= 0; j-- {
		switch in := instrs[j].(type) {
		case ssa.CallInstruction:
			return nil
		case *ssa.Store:
			if sameAddr(in.Addr, load.X, 0) {
				if obj, ok := in.Val.(*ssa.Alloc); ok && obj.Heap {
					return obj
				}
				return nil
			}
			if mayAlias(in.Addr, load.X) {
				return nil
			}
		}
	}
	return nil
}

// sameAddr reports whether two address computations of one block denote
// the same memory, with no store in between: the same field or element
// steps from the same value.
func sameAddr(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if depth > maxPathDepth {
		return false
	}
	switch a := a.(type) {
	case *ssa.FieldAddr:
		b, ok := b.(*ssa.FieldAddr)
		return ok && ssautil.FieldOf(a) == ssautil.FieldOf(b) && sameAddr(a.X, b.X, depth+1)
	case *ssa.IndexAddr:
		b, ok := b.(*ssa.IndexAddr)
		return ok && sameIndex(a.Index, b.Index) && sameAddr(a.X, b.X, depth+1)
	case *ssa.UnOp:
		b, ok := b.(*ssa.UnOp)
		return ok && a.Op == token.MUL && b.Op == token.MUL && sameAddr(a.X, b.X, depth+1)
	}
	return false
}

func sameIndex(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	ca, ok1 := a.(*ssa.Const)
	cb, ok2 := b.(*ssa.Const)
	return ok1 && ok2 && ca.Value != nil && cb.Value != nil && ca.Value.ExactString() == cb.Value.ExactString()
}

// mayAlias reports whether a store to addr may change what the address
// computation x reads on its way: a field of the same declaration or an
// element, anywhere along x.
func mayAlias(addr, x ssa.Value) bool {
	for depth := 0; depth <= maxPathDepth; depth++ {
		switch v := x.(type) {
		case *ssa.FieldAddr:
			if st, ok := addr.(*ssa.FieldAddr); ok && ssautil.FieldOf(st) == ssautil.FieldOf(v) {
				return true
			}
			x = v.X
		case *ssa.IndexAddr:
			if _, ok := addr.(*ssa.IndexAddr); ok {
				return true
			}
			x = v.X
		case *ssa.UnOp:
			x = v.X
		default:
			return addr == x
		}
	}
	return true
}

// phiPath returns the path all of a phi's edges agree on, other than the
// phi itself (a loop that keeps the value).
func phiPath(phi *ssa.Phi, depth int) (Path, bool) {
	var common Path
	found := false
	for _, e := range phi.Edges {
		if e == phi {
			continue
		}
		p := pathOfDepth(e, depth+1)
		if p.Root.Kind == Local {
			return Path{}, false
		}
		if found && p != common {
			return Path{}, false
		}
		common, found = p, true
	}
	return common, found
}

// throughLocalField names p, a path through a field of a local object, by
// the one value the function stores in that field: hs := state{c: c};
// hs.finish() sets hs.c.done, which is c.done. The callee may reassign the
// field; code rarely does, and the object is the function's own.
func throughLocalField(p Path) Path {
	obj, ok := p.Root.Value.(*ssa.Alloc)
	if p.Root.Kind != Local || !ok || !strings.HasPrefix(p.Steps, ".") {
		return p
	}
	name, rest := p.Steps[1:], ""
	if i := strings.IndexAny(name, ".["); i >= 0 {
		name, rest = name[:i], name[i:]
	}
	v := storedOnce(obj, name, 0)
	if v == nil {
		return p
	}
	q := pathOf(v)
	if rest == "" {
		return Path{Root: q.Root, Steps: q.Steps, Last: q.Last}
	}
	return Path{Root: q.Root, Steps: q.Steps + rest, Last: p.Last}
}

// storedOnce is the one value stored in field name of obj, nil when the
// object is assigned whole, the field is stored twice or its address taken.
func storedOnce(obj *ssa.Alloc, name string, depth int) ssa.Value {
	var stored ssa.Value
	var from *ssa.Alloc // the composite literal copied in whole
	for _, ref := range *obj.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != obj {
				continue
			}
			if c, ok := ref.Val.(*ssa.Const); ok && c.Value == nil {
				continue // zeroing
			}
			load, ok := ref.Val.(*ssa.UnOp)
			src, isAlloc := ssa.Value(nil), false
			if ok && load.Op == token.MUL {
				src = load.X
				_, isAlloc = src.(*ssa.Alloc)
			}
			if !isAlloc || from != nil {
				return nil // a copy of something else over the object
			}
			from = src.(*ssa.Alloc)
		case *ssa.FieldAddr:
			if ssautil.FieldOf(ref).Name() != name {
				continue
			}
			for _, use := range *ref.Referrers() {
				switch use := use.(type) {
				case *ssa.Store:
					if use.Addr != ref || stored != nil {
						return nil
					}
					stored = use.Val
				case *ssa.UnOp, *ssa.DebugRef:
				default:
					return nil
				}
			}
		}
	}
	if from != nil && stored == nil && depth < 3 {
		return storedOnce(from, name, depth+1)
	}
	if from != nil {
		return nil
	}
	return stored
}

// loadOf reports whether v is a load of cell.
func loadOf(v ssa.Value, cell *ssa.Alloc) bool {
	u, ok := v.(*ssa.UnOp)
	return ok && u.Op == token.MUL && u.X == cell
}

// returnStore reports whether st sets a named result for the return that
// ends its block, storing a new object: no load before the return reads it
// but the return's own (return &T{...}, nil beside pconn = &T{}).
func returnStore(st *ssa.Store) bool {
	if _, ok := st.Val.(*ssa.Alloc); !ok {
		return false
	}
	instrs := st.Block().Instrs
	for _, in := range instrs[ssautil.Index(st)+1:] {
		switch in := in.(type) {
		case *ssa.Store:
			if _, ok := in.Addr.(*ssa.Alloc); !ok {
				return false
			}
		case *ssa.UnOp:
			if _, ok := in.X.(*ssa.Alloc); !ok || in.Op != token.MUL {
				return false
			}
		case *ssa.RunDefers, *ssa.DebugRef, *ssa.Return:
		default:
			return false
		}
	}
	_, ok := instrs[len(instrs)-1].(*ssa.Return)
	return ok
}

// cellValue returns the one value ever stored into a variable's cell (a
// parameter spilled because a closure captures it, a local assigned once,
// a named result that error returns set to nil), or nil when the cell is
// assigned more than once or is an object.
func cellValue(cell *ssa.Alloc) ssa.Value {
	switch types.Unalias(typesutil.Deref(cell.Type())).Underlying().(type) {
	case *types.Struct, *types.Array:
		return nil // an object, not a variable holding a reference
	}
	var stored ssa.Value
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != cell {
				return nil // the cell's address is itself stored somewhere
			}
			if isNil(ref.Val) || loadOf(ref.Val, cell) || returnStore(ref) {
				continue // a dereferenced load never read nil; return c, nil stores c back
			}
			if stored != nil {
				return nil
			}
			stored = ref.Val
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			// Captured: a closure may assign it too, which a Store in
			// the closure's body would show as a store through a free
			// variable, not here. Closures rarely reassign a captured
			// receiver; trust the single store only when no closure
			// writes through its free variable.
			if closureStores(ref, cell) {
				return nil
			}
		default:
			return nil
		}
	}
	return stored
}

// closureStores reports whether the closure made by mc stores into the free
// variable bound to cell.
// A closure that hands the variable on to a closure of its own (a deferred
// func inside a goroutine's) stores into it if that one does.
func closureStores(mc *ssa.MakeClosure, cell ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return true
	}
	for i, b := range mc.Bindings {
		if b != cell || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *fn.FreeVars[i].Referrers() {
			switch ref := ref.(type) {
			case *ssa.UnOp, *ssa.DebugRef:
			case *ssa.MakeClosure:
				if closureStores(ref, fn.FreeVars[i]) {
					return true
				}
			default:
				return true
			}
		}
	}
	return false
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

func freeIndex(fv *ssa.FreeVar) int {
	for i, q := range fv.Parent().FreeVars {
		if q == fv {
			return i
		}
	}
	return -1
}

// Aliases returns p and the paths its root value is stored into by the
// function that makes it (a channel made locally and kept in a field,
// c.done = make(chan struct{})), so that a goroutine given the local value
// and a method reading the field are seen to use one channel.
func Aliases(p Path) []Path {
	out := []Path{p}
	if p.Root.Kind != Local {
		return out
	}
	return storedAt(p, p.Root.Value, out, 0)
}

// storedAt adds to out where v, or a conversion of it (a chan stored in a
// receive-only field), is stored in a field or package variable.
func storedAt(p Path, v ssa.Value, out []Path, depth int) []Path {
	refs := v.Referrers()
	if refs == nil || depth > 2 {
		return out
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.ChangeType:
			out = storedAt(p, ref, out, depth+1)
		case *ssa.Store:
			if ref.Val != v {
				continue
			}
			switch ref.Addr.(type) {
			case *ssa.FieldAddr, *ssa.Global:
				out = append(out, pathOf(ref.Addr).Append(p))
			}
		}
	}
	return out
}
