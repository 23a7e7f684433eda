package datarace

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	ks "github.com/msvclint/msvclint/internal/knowledge/syncapi"
	"github.com/msvclint/msvclint/passes/lockset"
)

// unusedMutexes reports a read-modify-write, with no lock held, of a field
// of a type that declares a mutex no code of the package ever touches,
// made by an exported method of that type: the mutex says the type is
// shared, so its methods may run at once, and the updates it was declared
// for interleave.
func (c *checker) unusedMutexes(generated func(token.Pos) bool) {
	used := c.fields().referenced
	seen := map[*ssa.Function]bool{}
	for _, ctx := range c.ls.Contexts() {
		if ctx.Kind != lockset.Exported || seen[ctx.Fn] {
			continue
		}
		recv := lockset.RecvNamed(ctx.Fn)
		mu := unusedMutex(recv, used)
		if mu == nil {
			continue
		}
		for _, a := range ctx.Accesses {
			if !receiverWrite(a) || a.Held.Any() || !readsFirst(ctx, a) || generated(a.Pos) || c.inTestFilePos(a.Pos) {
				continue
			}
			seen[ctx.Fn] = true
			name := c.names.expr(a.Pos, a.Field)
			c.reportAt(a.Pos, catGuarded, fmt.Sprintf("%s declares %s but nothing locks it, and %s writes %s with no lock while another call may run at the same time; lock %s around the write, or drop the mutex if %s is not meant to be shared",
				recv.Name(), mu.Name(), funcName(ctx.Fn), name, recvName(ctx.Fn)+"."+mu.Name(), recv.Name()))
			break
		}
	}
}

// readsFirst reports whether the context also reads the field it writes
// at a: a read-modify-write (a counter, a slice resized on demand), which
// two calls interleave. A plain store (Open setting its state) is as often
// lifecycle code that runs once.
func readsFirst(ctx *lockset.Context, a *lockset.Access) bool {
	for _, r := range ctx.Accesses {
		if r != a && !r.Kind.IsWrite() && r.Field == a.Field && r.Path.Root == a.Path.Root && r.Pos <= a.Pos {
			return true
		}
	}
	return false
}

// receiverWrite reports whether a writes a field of the method's receiver
// (or an element held in one), not atomically.
func receiverWrite(a *lockset.Access) bool {
	return a.Kind.IsWrite() && !a.Atomic && a.Path.Root.Kind == lockset.Param && a.Path.Root.Index == 0 &&
		strings.HasPrefix(a.Path.Steps, ".")
}

// unusedMutex returns the mutex field of t's struct when it has exactly
// one and the package never refers to it.
func unusedMutex(t *types.TypeName, used map[*types.Var]bool) *types.Var {
	if t == nil || t.Pkg() == nil {
		return nil
	}
	st, ok := t.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var mu *types.Var
	for i := range st.NumFields() {
		f := st.Field(i)
		if !ks.IsMutex(f.Type()) {
			continue
		}
		if mu != nil || used[f] {
			return nil
		}
		mu = f
	}
	return mu
}

func recvName(fn *ssa.Function) string {
	if len(fn.Params) > 0 && fn.Signature.Recv() != nil {
		return fn.Params[0].Name()
	}
	return "the receiver"
}
