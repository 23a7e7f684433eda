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

// Watched is an object behind an interface: watchers update the one the
// cache holds.
type Watched interface {
	Load() string
	Store(string)
}

type watched struct{ v string }

func (w *watched) Load() string   { return w.v }
func (w *watched) Store(v string) { w.v = v }

func newWatched(k string) Watched { return &watched{v: k} }

// Values hands out watched values.
type Values struct {
	m sync.Map // key -> Watched
}

func (s *Values) Value(k string) Watched {
	if v, ok := s.m.Load(k); ok {
		return v.(Watched)
	}
	v := newWatched(k)
	s.m.Store(k, v) // want `Values.Value stores into sync.Map cache Values.m after a separate Load of the key missed`
	return v
}

func parse(k string) any { return []string{k} }

// Parsed caches parsed data behind an empty interface: both callers parse
// alike.
type Parsed struct {
	mu sync.Mutex
	m  map[string]any
}

func (p *Parsed) Get(k string) any {
	p.mu.Lock()
	v, ok := p.m[k]
	p.mu.Unlock()
	if ok {
		return v
	}
	v = parse(k)
	p.mu.Lock()
	p.m[k] = v
	p.mu.Unlock()
	return v
}
