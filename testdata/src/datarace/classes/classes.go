// Package classes has types whose methods run concurrently because they
// hold a mutex or start goroutines on themselves: the races between their
// methods, and the look-alikes that are not races.
package classes

import (
	"log"
	"noreturn/exits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client is shared: its mutex guards brokers, which Close clears.
type Client struct {
	lock    sync.RWMutex
	brokers map[int]string
	seeds   []string
	closed  bool
}

func NewClient(seeds []string) *Client {
	c := &Client{brokers: map[int]string{}}
	c.seeds = seeds // under construction
	c.init()
	return c
}

// init runs on the object under construction only.
func (c *Client) init() { c.closed = false }

func (c *Client) Broker(id int) string {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.brokers[id]
}

func (c *Client) Add(id int, addr string) {
	c.lock.Lock()
	c.brokers[id] = addr
	c.lock.Unlock()
}

func (c *Client) Close() {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.brokers = nil
	c.closed = true
}

// Closed reads brokers without the lock while Close may clear it.
func (c *Client) Closed() bool {
	return c.brokers == nil // want `c.brokers is read without c.lock held, but c.lock guards it in \d+ of \d+ accesses and Client.Close may write it at the same time; lock c.lock around this access`
}

// Alias takes the same lock through an alias of the receiver.
func (c *Client) Alias() int {
	m := &c.lock
	m.Lock()
	defer m.Unlock()
	p := c
	return len(p.brokers)
}

// Fatal unlocks only on a path that never returns.
func (c *Client) Fatal(ok bool) {
	c.lock.Lock()
	if !ok {
		c.lock.Unlock()
		log.Fatal("not ok")
	}
	c.brokers[0] = "seed"
	c.lock.Unlock()
}

// FatalHelper unlocks only on a path that ends in another package's helper
// that never returns.
func (c *Client) FatalHelper(ok bool) {
	c.lock.Lock()
	if !ok {
		c.lock.Unlock()
		exits.Die("not ok")
	}
	c.brokers[1] = "seed"
	c.lock.Unlock()
}

// Refresh writes the map under the read lock, beside readers.
func (c *Client) Refresh(id int) {
	c.lock.RLock()
	defer c.lock.RUnlock()
	if _, ok := c.brokers[id]; ok {
		c.brokers[id] = "again" // want `an element of c.brokers is written with only c.lock.RLock held, so readers run while it changes; take c.lock.Lock to write c.brokers`
	}
}

// removeLocked expects c.lock held by every caller.
func (c *Client) removeLocked(id int) { delete(c.brokers, id) }

func (c *Client) Remove(id int) {
	c.lock.Lock()
	c.removeLocked(id)
	c.lock.Unlock()
}

// withLock runs fn with the lock held.
func (c *Client) withLock(fn func()) {
	c.lock.Lock()
	defer c.lock.Unlock()
	fn()
}

func (c *Client) Reset() {
	c.withLock(func() { c.brokers = map[int]string{} })
}

// Table is filled once under its lock; readers call load first.
type Table struct {
	mu     sync.Mutex
	loaded bool
	data   []byte
}

func (t *Table) load() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.loaded {
		return
	}
	t.data, t.loaded = []byte("x"), true
}

func (t *Table) Len() int {
	t.load()
	return len(t.data)
}

func (t *Table) First() byte {
	t.load()
	return t.data[0]
}

// Broker starts a goroutine that replaces a field other methods read.
type Broker struct {
	mu       sync.Mutex
	throttle *time.Timer
	conns    int
	done     chan struct{}
	wg       sync.WaitGroup
	stats    []int
}

func (b *Broker) Open() {
	b.conns = 1 // before the goroutine starts
	b.done = make(chan struct{})
	b.wg.Add(1)
	go b.receive()
}

func (b *Broker) receive() {
	defer b.wg.Done()
	b.throttle = time.NewTimer(time.Second) // want `b.throttle is written by the goroutine started in Broker.Open while Broker.Send reads it, with no lock or channel ordering them; guard both with a mutex or hand the value over a channel`
	b.stats = append(b.stats, b.conns)
}

func (b *Broker) Send() {
	if b.throttle != nil {
		<-b.throttle.C
	}
}

// Close reads the goroutine's writes after waiting for it.
func (b *Broker) Close() int {
	b.wg.Wait()
	return len(b.stats)
}

// Registry guards the state of its entries with each entry's own lock, and
// reaches entries through a map: any base, the same field.
type Registry struct {
	mu      sync.Mutex
	entries map[string]*Entry
}

type Entry struct {
	mu    sync.Mutex
	state int
}

func (e *Entry) Set(s int) {
	e.mu.Lock()
	e.state = s
	e.mu.Unlock()
}

func (e *Entry) Get() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state
}

func (r *Registry) Reset(name string) {
	r.mu.Lock()
	e := r.entries[name]
	r.mu.Unlock()
	e.state = 0 // want `e.state is written without e.mu held, but e.mu guards it in \d+ of \d+ accesses and Entry.(Get|Set) may (read|write) it at the same time; lock e.mu around this access`
}

// Lazy initializes its map in sync.Once; readers run after Do returns.
type Lazy struct {
	mu   sync.Mutex
	once sync.Once
	m    map[string]int
}

func (l *Lazy) init() { l.m = map[string]int{} }

func (l *Lazy) Get(k string) int {
	l.once.Do(l.init)
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m[k]
}

func (l *Lazy) Put(k string, v int) {
	l.once.Do(l.init)
	l.mu.Lock()
	l.m[k] = v
	l.mu.Unlock()
}

// withRecover runs fn, recovering a panic: a goroutine started through it
// runs fn.
func withRecover(fn func()) {
	defer func() { _ = recover() }()
	fn()
}

type Receiver struct {
	mu       sync.Mutex
	pending  int
	throttle *time.Timer
}

func (r *Receiver) Open() {
	go withRecover(r.receive)
}

func (r *Receiver) receive() {
	r.throttle = time.NewTimer(time.Second) // want `r.throttle is written by the goroutine started in Receiver.Open while Receiver.Wait reads it`
}

func (r *Receiver) Wait() {
	if r.throttle != nil {
		<-r.throttle.C
	}
}

// Stats counts atomically, but Reset clears plainly.
type Stats struct {
	mu    sync.Mutex
	hits  int64
	total int64
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *Stats) Reset() {
	s.hits = 0 // want `s.hits is written without sync/atomic, but Stats.Hit writes it atomically`
}

func (s *Stats) Total() int64 { return atomic.LoadInt64(&s.total) }

// Rotor bumps its counter atomically and then reads it plainly: two calls
// of Next, which the atomic add says run at once, race on the read.
type Rotor struct{ next uint32 }

func (r *Rotor) Next(n uint32) uint32 {
	atomic.AddUint32(&r.next, 1)
	return r.next % n // want `r.next is read without sync/atomic, but Rotor.Next writes it atomically`
}

// Ticket reads its counter atomically after bumping it: no race.
type Ticket struct{ next uint32 }

func (t *Ticket) Next(n uint32) uint32 {
	return atomic.AddUint32(&t.next, 1) % n
}

// seq is only ever called by Sequence's loop, one call at a time.
type seq struct{ n uint32 }

func (s *seq) bump() uint32 {
	atomic.AddUint32(&s.n, 1)
	return s.n
}

func Sequence() uint32 {
	s := &seq{}
	var last uint32
	for range 3 {
		last = s.bump()
	}
	return last
}

func NewStats() *Stats {
	st := &Stats{}
	st.total = 1 // the object is new: nobody else sees it yet
	return st
}

// Topics keeps per-topic maps in a map; a helper reads the map it is given.
type Topics struct {
	mu     sync.RWMutex
	byName map[string]map[int]string
	counts map[string]int
}

func (t *Topics) Add(topic string, id int, v string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byName[topic][id] = v
	t.counts[topic]++
}

func (t *Topics) Remove(topic string, id int) {
	t.mu.Lock()
	delete(t.byName[topic], id)
	t.mu.Unlock()
}

func (t *Topics) Get(topic string, id int) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.byName[topic][id]
}

// Dump reads byName's inner maps without the lock.
func (t *Topics) Dump() int {
	n := 0
	for _, m := range t.byName { // want `t.byName is read without t.mu held, but t.mu guards it in \d+ of \d+ accesses`
		n += len(m)
	}
	return n
}

// Total hands counts to a helper without the lock.
func (t *Topics) Total() int {
	return sum(t.counts) // want `t.counts is read without t.mu held, but t.mu guards it in \d+ of \d+ accesses`
}

func (t *Topics) Count(topic string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.counts[topic]
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Node runs its loop in a goroutine started through a helper, as consensus
// servers do; a test cluster builds several nodes in a loop.
type Node struct {
	mu    sync.RWMutex
	peers map[string]*peer
	jobs  int
	wg    sync.WaitGroup
}

type peer struct {
	mu   sync.RWMutex
	addr string
}

func (n *Node) goFunc(f func()) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		f()
	}()
}

func NewNode() *Node {
	n := &Node{peers: map[string]*peer{}}
	n.goFunc(n.loop)
	return n
}

// loop alone writes a peer's address, so its own unlocked read races with
// nothing: not with itself, nor with the nodes a cluster starts beside it.
func (n *Node) loop() {
	for {
		p := n.peers["a"]
		p.mu.Lock()
		p.addr = "x"
		p.mu.Unlock()
		println(p.addr)
		n.goFunc(func() { n.ping(p) })
	}
}

func (n *Node) ping(p *peer) {
	p.mu.RLock()
	println(p.addr)
	p.mu.RUnlock()
}

// Cluster builds nodes in a loop; each node's goroutine has its own node.
func Cluster(k int) []*Node {
	var out []*Node
	for range k {
		out = append(out, NewNode())
	}
	return out
}

// StartWorkers starts workers in a loop on the one node: they share it.
func (n *Node) StartWorkers(k int) {
	for range k {
		n.goFunc(n.work)
	}
}

func (n *Node) work() {
	n.mu.Lock()
	n.jobs++
	n.mu.Unlock()
	println(n.jobs) // want `n.jobs is read without n.mu held`
}

func (n *Node) Jobs() int {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.jobs
}

// Member is guarded by its mutex once shared; Roster's decoder fills new
// members before anyone can reach them.
type Member struct {
	mu   sync.Mutex
	addr string
}

func (m *Member) Addr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addr
}

func (m *Member) Watch() {
	go func() {
		m.mu.Lock()
		m.addr = ""
		m.mu.Unlock()
	}()
}

type Roster struct {
	Leader *Member
	All    []*Member
}

// Decode writes into members it has just made: no race.
func (r *Roster) Decode(a string) {
	r.Leader = new(Member)
	r.Leader.addr = a
	r.All = make([]*Member, 2)
	for i := range r.All {
		r.All[i] = new(Member)
		r.All[i].addr = a
	}
}

// Rename writes the shared leader without its lock.
func (r *Roster) Rename(a string) {
	r.Leader.addr = a // want `r.Leader.addr is written without r.Leader.mu held`
}

// Session dials in a goroutine that holds the lock, then starts its reader,
// which comes after the dial's write; Close waits for the reader to end.
type Session struct {
	mu   sync.Mutex
	conn *int
	done chan struct{}
}

func (s *Session) Open() {
	s.mu.Lock()
	go func() {
		defer s.mu.Unlock()
		c := 1
		s.conn = &c
		s.done = make(chan struct{})
		go s.reader()
	}()
}

func (s *Session) reader() {
	defer close(s.done)
	println(*s.conn)
}

func (s *Session) Conn() *int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.done
	s.conn = nil
}

var bufPool = sync.Pool{New: func() any { return new(Buffer) }}

// Buffer is shared once handed out; the pool gives each one to one taker.
type Buffer struct {
	mu   sync.Mutex
	data []byte
}

func (b *Buffer) Write(p []byte) {
	b.mu.Lock()
	b.data = append(b.data, p...)
	b.mu.Unlock()
}

func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.data)
}

func (b *Buffer) Flush() {
	go func() {
		b.mu.Lock()
		b.data = nil
		b.mu.Unlock()
	}()
}

// getBuffer resets a pooled buffer, which no one else holds yet.
func getBuffer() *Buffer {
	b := bufPool.Get().(*Buffer)
	b.data = b.data[:0]
	return b
}

func (b *Buffer) Reset() {
	b.data = nil // want `b.data is written without b.mu held`
}

// Ranking counts its comparisons under the lock, but for the comparator
// Sort hands to slices.SortFunc, a generic library function that runs it
// during the call, after Sort has let the lock go.
type Ranking struct {
	mu    sync.Mutex
	names []string
	n     int
}

func (r *Ranking) Add(name string) {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.n++
	r.mu.Unlock()
}

func (r *Ranking) Compares() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *Ranking) snapshot() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.names)
}

// Sorted sorts a copy outside the lock, and counts without it.
func (r *Ranking) Sorted() []string {
	names := r.snapshot()
	slices.SortFunc(names, func(a, b string) int {
		r.n++ // want `r.n is (read|written) without r.mu held, but r.mu guards it in \d+ of \d+ accesses and Ranking.Add may write it at the same time`
		return strings.Compare(a, b)
	})
	return names
}

// SortInPlace sorts and counts with the lock held: the comparator runs
// during the call, under it.
func (r *Ranking) SortInPlace() {
	r.mu.Lock()
	defer r.mu.Unlock()
	slices.SortFunc(r.names, func(a, b string) int {
		r.n++
		return strings.Compare(a, b)
	})
}

// Count counts into a local.
func (r *Ranking) Count() int {
	names := r.snapshot()
	n := 0
	slices.SortFunc(names, func(a, b string) int {
		n++
		return strings.Compare(a, b)
	})
	return n
}

// SortLocked sorts through the package's own generic helper, which runs
// the comparator with the lock held.
func (r *Ranking) SortLocked() {
	sortUnder(&r.mu, &r.names, func(a, b string) int {
		r.n++
		return strings.Compare(a, b)
	})
}

func sortUnder[T any](mu *sync.Mutex, xs *[]T, cmp func(a, b T) int) {
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(*xs, cmp)
}

// ttlCache has no lock: its owner's guards it, and Get reorders entries.
type ttlCache struct {
	entries map[string]int
	order   map[string]int
	tick    int
}

func (c *ttlCache) Get(k string) (int, bool) {
	v, ok := c.entries[k]
	if ok {
		c.tick++
		c.order[k] = c.tick
	}
	return v, ok
}

func (c *ttlCache) Peek(k string) (int, bool) {
	v, ok := c.entries[k]
	return v, ok
}

// Resolver looks names up under its read lock, through the cache's
// reordering Get.
type Resolver struct {
	mu    sync.RWMutex
	cache *ttlCache
}

func (r *Resolver) Lookup(k string) int {
	r.mu.RLock()
	v, _ := r.cache.Get(k) // want `this call writes an element of r.cache.order with only r.mu.RLock held, so two readers change it at once; take r.mu.Lock around the call`
	r.mu.RUnlock()
	return v
}

// Has only peeks, which writes nothing: the read lock is enough.
func (r *Resolver) Has(k string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.cache.Peek(k)
	return ok
}

// lockedLRU keeps its own lock: its owner's read lock is not what guards it.
type lockedLRU struct {
	mu    sync.Mutex
	order map[string]int
}

func (l *lockedLRU) Touch(k string) {
	l.mu.Lock()
	l.order[k]++
	l.mu.Unlock()
}

type Pool struct {
	mu  sync.RWMutex
	lru *lockedLRU
}

func (p *Pool) Use(k string) {
	p.mu.RLock()
	p.lru.Touch(k)
	p.mu.RUnlock()
}

// Spread declares a mutex for its counters and never takes it.
type Spread struct {
	mu     sync.Mutex
	counts []int
	total  int
}

func (s *Spread) Pick(n int) int {
	if len(s.counts) != n {
		s.counts = make([]int, n) // want `Spread declares mu but nothing locks it, and Spread.Pick writes s.counts with no lock while another call may run at the same time; lock s.mu around the write`
	}
	best := 0
	for i, c := range s.counts {
		if c < s.counts[best] {
			best = i
		}
	}
	s.counts[best]++
	return best
}

// Configure stores once, at setup: a plain store, not an update.
func (s *Spread) Configure(n int) { s.total = n }

// Tally has no mutex: its callers serialize it.
type Tally struct{ n int }

func (t *Tally) Add() int {
	t.n++
	return t.n
}
