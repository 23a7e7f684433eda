package checkact

import "sync"

// Names caches display names in a sync.Map: every call is its own
// critical section.
type Names struct {
	m sync.Map // id -> *Display
}

// Display is a resource the callers share, read-only: it must be closed
// once.
//
//msvclint:immutable
type Display struct{ Name string }

func (d *Display) Close() error { return nil }

func displayName(id int64) *Display { return &Display{Name: strconvish(id)} }

func strconvish(id int64) string {
	if id == 0 {
		return "anonymous"
	}
	return "user"
}

// Name loads and, on a miss, stores: two callers both miss and both store.
func (n *Names) Name(id int64) *Display {
	if v, ok := n.m.Load(id); ok {
		return v.(*Display)
	}
	v := displayName(id)
	n.m.Store(id, v) // want `Names.Name stores into sync.Map cache Names.m after a separate Load of the key missed; two callers can both miss and both store, the second overwriting the value the first already returned, so store with LoadOrStore and use the value it returns`
	return v
}

// Swapped replaces on purpose: Swap hands back what it replaced.
func (n *Names) Swapped(id int64) string {
	v, ok := n.m.Load(id)
	if !ok {
		v = displayName(id)
		n.m.Swap(id, v)
	}
	return v.(string)
}

// LoadOrStore is the fix: the first store wins and everyone gets it.
func (n *Names) LoadOrStore(id int64) string {
	if v, ok := n.m.Load(id); ok {
		return v.(string)
	}
	v, _ := n.m.LoadOrStore(id, displayName(id))
	return v.(string)
}

// Other stores a key it did not look up.
func (n *Names) Other(id int64) *Display {
	if v, ok := n.m.Load(id); ok {
		return v.(*Display)
	}
	v := displayName(id)
	n.m.Store(id+1, v)
	return v
}

// Claimed stores a placeholder with LoadOrStore and builds the real value
// only if its placeholder went in (encoding/json's typeEncoder): the Store
// is the claim's winner finishing, not a second miss.
func (n *Names) Claimed(id int64) *Display {
	if v, ok := n.m.Load(id); ok {
		return v.(*Display)
	}
	if v, loaded := n.m.LoadOrStore(id, &Display{}); loaded {
		return v.(*Display)
	}
	v := displayName(id)
	n.m.Store(id, v)
	return v
}
