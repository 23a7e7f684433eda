package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/lockset"
)

// sentGuardedMaps reports a map or slice field sent on a channel of the
// package itself, while the package writes its contents in place under a
// lock: the receiver gets the live map, not a copy, and reads it after the
// lock is released while the next writer changes it (traefik's ACME store
// handing storedData to the goroutine that marshals it to disk).
func (c *checker) sentGuardedMaps(generated func(token.Pos) bool) {
	sends, received := c.channelOps()
	var sites map[*types.Var][]*lockset.Site
	for _, send := range sends {
		field, ch := liveContainer(send.X), chanField(send.Chan)
		if field == nil || ch == nil || !received[ch] || generated(send.Pos()) {
			continue
		}
		if sites == nil {
			sites = c.ls.Sites()
		}
		if w := lockedContentWrite(sites[field]); w != nil {
			c.reportSentMap(send, field, w)
		}
	}
}

// liveContainer returns the map or slice field whose value v is, loaded
// as it is (not cloned).
func liveContainer(v ssa.Value) *types.Var {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	field := ssautil.FieldOf(load.X)
	if field == nil {
		return nil
	}
	switch field.Type().Underlying().(type) {
	case *types.Map, *types.Slice:
		return field
	}
	return nil
}

// channelOps gathers, in one walk of the package, its sends and the
// channel fields it receives from.
func (c *checker) channelOps() ([]*ssa.Send, map[*types.Var]bool) {
	var sends []*ssa.Send
	received := map[*types.Var]bool{}
	mark := func(ch ssa.Value) {
		if f := chanField(ch); f != nil {
			received[f] = true
		}
	}
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Send:
					sends = append(sends, x)
				case *ssa.UnOp:
					if x.Op == token.ARROW {
						mark(x.X)
					}
				case *ssa.Select:
					for _, st := range x.States {
						if st.Dir == types.RecvOnly {
							mark(st.Chan)
						}
					}
				}
			}
		}
	}
	return sends, received
}

// chanField is the field a channel value is loaded from, or nil.
func chanField(ch ssa.Value) *types.Var {
	if load, ok := ssautil.Unwrap(ch).(*ssa.UnOp); ok && load.Op == token.MUL {
		return ssautil.FieldOf(load.X)
	}
	return nil
}

// lockedContentWrite returns a site that writes the field's contents in
// place with a lock held.
func lockedContentWrite(sites []*lockset.Site) *lockset.Site {
	for _, s := range sites {
		if s.Kind == lockset.ContentWrite && len(s.Held) > 0 {
			return s
		}
	}
	return nil
}

func (c *checker) reportSentMap(send *ssa.Send, field *types.Var, w *lockset.Site) {
	name := c.names.expr(send.X.Pos(), field)
	if name == "" {
		name = field.Name()
	}
	c.reportAt(send.X.Pos(), catGoroutine,
		fmt.Sprintf("%s is sent on a channel as it is, while the package writes into it under a lock: the receiver reads the live %s after the lock is released, as the next write changes it; send a copy (%s.Clone(%s))",
			name, kindOf(field.Type()), kindOf(field.Type())+"s", name),
		c.relatedPos(w.Pos, "written in place here"))
}

func kindOf(t types.Type) string {
	if _, ok := t.Underlying().(*types.Map); ok {
		return "map"
	}
	return "slice"
}
