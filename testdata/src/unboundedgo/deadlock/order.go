package deadlock

import "sync"

// Cache and Index lock each other in opposite orders.
type Cache struct {
	mu    sync.Mutex
	index *Index
	data  map[string]int
}

type Index struct {
	mu    sync.Mutex
	cache *Cache
	keys  []string
}

// Put holds the cache's lock, then takes the index's.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	c.index.add(k)
}

func (ix *Index) add(k string) {
	ix.mu.Lock() // want `this takes Index.mu while holding Cache.mu, but Index.Rebuild takes the locks the other way round`
	ix.keys = append(ix.keys, k)
	ix.mu.Unlock()
}

// Rebuild holds the index's lock, then takes the cache's.
func (ix *Index) Rebuild() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.keys = ix.cache.keys()
}

func (c *Cache) keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.data {
		out = append(out, k)
	}
	return out
}

// Ledger takes its two locks in one order everywhere.
type Ledger struct {
	books sync.Mutex
	audit sync.Mutex
	n     int
}

func (l *Ledger) Post() {
	l.books.Lock()
	l.audit.Lock()
	l.n++
	l.audit.Unlock()
	l.books.Unlock()
}

func (l *Ledger) Check() int {
	l.books.Lock()
	defer l.books.Unlock()
	l.audit.Lock()
	defer l.audit.Unlock()
	return l.n
}

// Gated takes a and b in both orders, but always under gate first.
type Gated struct {
	gate sync.Mutex
	a    sync.Mutex
	b    sync.Mutex
	n    int
}

func (g *Gated) AB() {
	g.gate.Lock()
	defer g.gate.Unlock()
	g.a.Lock()
	g.b.Lock()
	g.n++
	g.b.Unlock()
	g.a.Unlock()
}

func (g *Gated) BA() {
	g.gate.Lock()
	defer g.gate.Unlock()
	g.b.Lock()
	g.a.Lock()
	g.n--
	g.a.Unlock()
	g.b.Unlock()
}

// Account locks two objects of one type: the same field, not an order
// this rule can judge.
type Account struct {
	mu      sync.Mutex
	balance int
}

func Transfer(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// Stats read-locks its lock around the one that Meter holds exclusively;
// the cycle closes only while a writer waits, which is not shown here.
type Stats struct {
	mu    sync.RWMutex
	meter *Meter
	n     int
}

type Meter struct {
	mu    sync.Mutex
	stats *Stats
	n     int
}

func (s *Stats) Report() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.meter.mu.Lock()
	defer s.meter.mu.Unlock()
	return s.n + s.meter.n
}

func (m *Meter) Tick() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats.mu.RLock()
	defer m.stats.mu.RUnlock()
	return m.n + m.stats.n
}

// Three stages lock round a ring: each holds its own lock and takes the
// next one's.
type StageA struct {
	mu   sync.Mutex
	next *StageB
}

type StageB struct {
	mu   sync.Mutex
	next *StageC
}

type StageC struct {
	mu   sync.Mutex
	next *StageA
}

func (a *StageA) Step() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.next.mu.Lock() // want `this takes StageB.mu while holding StageA.mu, and other code closes a cycle of 3 locks back to StageA.mu`
	a.next.mu.Unlock()
}

func (b *StageB) Step() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next.mu.Lock()
	b.next.mu.Unlock()
}

func (c *StageC) Step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next.mu.Lock()
	c.next.mu.Unlock()
}

// Reader takes its connection's lock under its own only to word a panic:
// a goroutine there never waits for another lock after it.
type Reader struct {
	mu     sync.Mutex
	conn   *Link2
	inRead bool
}

type Link2 struct {
	mu       sync.Mutex
	r        *Reader
	hijacked bool
}

func (l *Link2) isHijacked() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hijacked
}

func (r *Reader) Read() {
	r.mu.Lock()
	if r.inRead {
		h := r.conn.isHijacked()
		r.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	r.mu.Unlock()
}

func (l *Link2) Hijack() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.r.mu.Lock()
	l.r.inRead = false
	l.r.mu.Unlock()
	l.hijacked = true
}
