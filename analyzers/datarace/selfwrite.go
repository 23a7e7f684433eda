package datarace

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/msvclint/msvclint/passes/lockset"
)

// selfLockedWrites reports a read, with no lock held, of a field that the
// same code writes under a lock, where that code runs beside itself (a
// handler, a Prometheus collector's Collect, a goroutine started per item):
// one call's write, locked or not, meets another call's unlocked read. The
// lock around the write says the author knew the field is shared; the read
// was missed (otel's Prometheus exporter testing resourceKeyVals unlocked
// before filling it under c.mu). A write to the whole of a struct field
// conflicts with reads of its fields.
func (c *checker) selfLockedWrites(generated func(token.Pos) bool) {
	for _, ctx := range c.ls.Contexts() {
		if !ctx.Self {
			continue
		}
		var writes []*lockset.Access
		for _, a := range ctx.Accesses {
			if a.Kind == lockset.Write && !a.Atomic && len(lockset.Keys(a)) > 0 && c.ls.Countable(a) {
				writes = append(writes, a)
			}
		}
		if len(writes) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, r := range ctx.Accesses {
			if r.Kind != lockset.Read || r.Atomic || r.Held.Any() || generated(r.Pos) || !c.ls.Countable(r) {
				continue
			}
			w := overwrittenBy(r, writes)
			if w == nil || seen[w.Path.String()] || passedLock(r, w) {
				continue
			}
			if c.concurrent(occ{Ctx: ctx, Access: r}, occ{Ctx: ctx, Access: w}) {
				seen[w.Path.String()] = true
				c.reportSelfLocked(ctx, r, w)
			}
		}
	}
}

// overwrittenBy returns the write among writes to r's memory or to a
// field that holds it by value.
func overwrittenBy(r *lockset.Access, writes []*lockset.Access) *lockset.Access {
	for _, w := range writes {
		if w.Path.Root != r.Path.Root {
			continue
		}
		if w.Path.Steps == r.Path.Steps || strings.HasPrefix(r.Path.Steps, w.Path.Steps+".") {
			return w
		}
	}
	return nil
}

// passedLock reports whether r comes after its call took and released the
// lock w holds, where w is a lazy initialization made under it: the write
// made under the lock before is visible to r, and no later write comes.
func passedLock(r, w *lockset.Access) bool {
	if !w.Init {
		return false
	}
	for l := range w.Held {
		for p := range r.Waits {
			if lockset.SamePlace(l, p) {
				return true
			}
		}
	}
	return false
}

func (c *checker) reportSelfLocked(ctx *lockset.Context, r, w *lockset.Access) {
	name := c.names.expr(r.Pos, r.Field)
	written := c.names.expr(w.Pos, w.Field)
	lock := "its lock"
	for k := range lockset.Keys(w) {
		lock = c.names.lock(w.Pos, w.Field, k)
		break
	}
	c.reportAt(r.Pos, catGuarded,
		fmt.Sprintf("%s is read without a lock in %s, which runs beside itself, while another call writes %s under %s; read it with %s held too",
			name, funcName(lockset.RootFn(ctx)), written, lock, lock),
		c.relatedPos(w.Pos, "written here with the lock held"))
}
