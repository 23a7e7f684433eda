package datarace

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/msvclint/msvclint/passes/lockset"
)

// replacedChannels reports a channel field that an exported method assigns
// afresh and then waits on, while another exported method closes it or
// sends on it: the second method exists to be called from another
// goroutine while the first waits, so it reads the field as the first
// writes it, and may close the old channel or a nil one.
func (c *checker) replacedChannels(generated func(token.Pos) bool) {
	ctxs := c.ls.Contexts()
	seen := map[token.Pos]bool{}
	for _, x := range ctxs {
		if x.Kind != lockset.Exported {
			continue
		}
		for _, a := range x.Accesses {
			if seen[a.Pos] || !freshChanWrite(a) || !waitsOn(x, a) || generated(a.Pos) || c.inTestFilePos(a.Pos) {
				continue
			}
			if y, s := signaller(ctxs, x, a); y != nil {
				seen[a.Pos] = true
				c.reportReplacedChan(x, a, y, s)
			}
		}
	}
}

// freshChanWrite reports whether a assigns a channel field of the
// receiver, unlocked (made lazily or not: the other side still reads the
// field as it is written).
func freshChanWrite(a *lockset.Access) bool {
	if a.Kind != lockset.Write || a.Held.Any() || a.Field == nil || !a.Field.IsField() {
		return false
	}
	if _, ok := a.Field.Type().Underlying().(*types.Chan); !ok {
		return false
	}
	return a.Path.Root.Kind == lockset.Param && a.Path.Root.Index == 0
}

// waitsOn reports whether the context receives from the field after
// writing it.
func waitsOn(x *lockset.Context, a *lockset.Access) bool {
	for _, s := range x.Syncs {
		if s.Op == lockset.Recv && s.Path == a.Path && s.Pos > a.Pos {
			return true
		}
	}
	return false
}

// signaller returns another exported context that closes or sends on the
// same field of an object of the same type, with no lock in common.
func signaller(ctxs []*lockset.Context, x *lockset.Context, a *lockset.Access) (*lockset.Context, *lockset.Sync) {
	for _, y := range ctxs {
		if y == x || y.Kind != lockset.Exported || lockset.RootFn(y) == lockset.RootFn(x) {
			continue
		}
		for _, s := range y.Syncs {
			if (s.Op == lockset.Close || s.Op == lockset.Send) && s.Path.Last == a.Field && !s.Held.Any() &&
				lockset.SameField(x, a.Path, y, s.Path) {
				return y, s
			}
		}
	}
	return nil, nil
}

func (c *checker) reportReplacedChan(x *lockset.Context, a *lockset.Access, y *lockset.Context, s *lockset.Sync) {
	name := c.names.expr(a.Pos, a.Field)
	verb := "closes"
	if s.Op == lockset.Send {
		verb = "sends on"
	}
	c.reportAt(a.Pos, catGoroutine,
		fmt.Sprintf("%s is assigned a new channel in %s, which then waits on it, while %s %s it, and %s exists to be called from another goroutine during that wait; the two race on the field, so make the channel once, where the object is built, or guard the field with a mutex",
			name, funcName(x.Fn), funcName(y.Fn), verb, funcName(y.Fn)),
		c.relatedPos(s.Pos, verb+" it here"))
}
