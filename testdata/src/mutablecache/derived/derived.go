// Package derived caches values computed from a configuration that can be
// reloaded.
package derived

import "sync"

type Config struct {
	Default   int
	Overrides map[string]int
}

type Client interface{ Quota(tenant string) int }

// Limiter caches each tenant's limit, computed from its config.
type Limiter struct {
	mu     sync.Mutex
	cfg    *Config
	limits map[string]int
}

func NewLimiter(cfg *Config) *Limiter {
	return &Limiter{cfg: cfg, limits: map[string]int{}}
}

func (l *Limiter) Limit(tenant string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n, ok := l.limits[tenant]; ok {
		return n
	}
	n := limitOf(l.cfg, tenant)
	l.limits[tenant] = n
	return n
}

func limitOf(cfg *Config, tenant string) int {
	if v, ok := cfg.Overrides[tenant]; ok {
		return v
	}
	return cfg.Default
}

// Reload swaps the config but keeps serving the limits of the old one.
func (l *Limiter) Reload(cfg *Config) {
	l.mu.Lock()
	l.cfg = cfg // want `Limiter\.Reload replaces cfg, which cache Limiter\.limits is computed from, and nothing on its path clears the cache; entries computed from the old value are served until restart, so clear Limiter\.limits here`
	l.mu.Unlock()
}

// Quotas does it right: a reload clears what was computed from the old
// config.
type Quotas struct {
	mu     sync.Mutex
	cfg    *Config
	quotas map[string]int
}

func (q *Quotas) Quota(tenant string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n, ok := q.quotas[tenant]; ok {
		return n
	}
	n := limitOf(q.cfg, tenant)
	q.quotas[tenant] = n
	return n
}

func (q *Quotas) Reload(cfg *Config) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cfg = cfg
	clear(q.quotas)
}

// Remote caches what a client answers; swapping the client (a new
// connection to the same service) does not make the answers wrong.
type Remote struct {
	mu     sync.Mutex
	client Client
	quotas map[string]int
}

func (r *Remote) Quota(tenant string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n, ok := r.quotas[tenant]; ok {
		return n
	}
	n := r.client.Quota(tenant)
	r.quotas[tenant] = n
	return n
}

func (r *Remote) SetClient(c Client) {
	r.mu.Lock()
	r.client = c
	r.mu.Unlock()
}

// Node is set up once and then only read.
//
//msvclint:immutable
type Node struct{ Addr string }

// Hooks caches nodes set up by its callbacks; adding a callback applies to
// new nodes from then on, by design.
type Hooks struct {
	mu     sync.Mutex
	onNew  []func(*Node)
	byAddr map[string]*Node
}

func (h *Hooks) Node(addr string) *Node {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n, ok := h.byAddr[addr]; ok {
		return n
	}
	n := newNode(addr, h.onNew)
	h.byAddr[addr] = n
	return n
}

func newNode(addr string, hooks []func(*Node)) *Node {
	n := &Node{}
	for _, fn := range hooks {
		fn(n)
	}
	return n
}

func (h *Hooks) OnNew(fn func(*Node)) {
	h.mu.Lock()
	h.onNew = append(h.onNew, fn)
	h.mu.Unlock()
}
