// Package deadlock takes locks it already holds, and look-alikes that do
// not.
package deadlock

import "sync"

type Pool struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	conns []*Conn
	size  int
}

type Conn struct {
	mu   sync.Mutex
	open bool
}

// Reload holds mu and calls Len, which takes mu again.
func (p *Pool) Reload() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Len() == 0 { // want `mu is locked again while this goroutine already holds it`
		p.size = 0
	}
}

func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// lenLocked expects the caller to hold mu: calling it under mu is right.
func (p *Pool) lenLocked() int { return len(p.conns) }

func (p *Pool) Grow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.size = p.lenLocked() + 1
}

// Twice takes the same lock twice in one function.
func (p *Pool) Twice() {
	p.mu.Lock()
	p.size++
	p.mu.Lock() // want `p.mu is locked again while this goroutine already holds it`
	p.mu.Unlock()
}

// Upgrade takes the write lock while holding the read lock.
func (p *Pool) Upgrade() {
	p.rw.RLock()
	defer p.rw.RUnlock()
	if p.size == 0 {
		p.rw.Lock() // want `p.rw is locked for writing while this goroutine holds its read lock`
		p.size = 1
		p.rw.Unlock()
	}
}

// Recursive read locks deadlock when a writer waits in between.
func (p *Pool) Stats() int {
	p.rw.RLock()
	defer p.rw.RUnlock()
	return p.count() // want `rw is read-locked again while this goroutine holds its read lock`
}

func (p *Pool) count() int {
	p.rw.RLock()
	defer p.rw.RUnlock()
	return p.size
}

// maybeLock locks only when asked: not on every path.
func (p *Pool) maybeLock(lock bool) {
	if lock {
		p.mu.Lock()
		defer p.mu.Unlock()
	}
	p.size++
}

func (p *Pool) Bump() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.maybeLock(false)
}

// Different connections have different locks, though one field.
func (p *Pool) Pair(a, b *Conn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	a.open, b.open = b.open, a.open
}

// Elements of a slice are different locks.
func (p *Pool) CloseAll() {
	for i := range p.conns {
		p.conns[i].mu.Lock()
	}
	for i := range p.conns {
		p.conns[i].mu.Unlock()
	}
}

// Released before taken again.
func (p *Pool) Sequence() {
	p.mu.Lock()
	p.size++
	p.mu.Unlock()
	p.mu.Lock()
	p.size++
	p.mu.Unlock()
}

// Consumer's Stop waits for its loop while holding the lock the loop takes
// before it finishes.
type Consumer struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	stop    chan struct{}
	pending int
}

func (c *Consumer) Start() {
	c.wg.Add(1)
	go c.loop()
}

func (c *Consumer) loop() {
	defer c.wg.Done()
	for {
		select {
		case <-c.stop:
			c.mu.Lock()
			c.pending = 0
			c.mu.Unlock()
			return
		default:
		}
	}
}

func (c *Consumer) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.stop)
	c.wg.Wait() // want `this goroutine waits for the WaitGroup while holding mu, and the goroutine that would end the wait takes mu first`
}

// Plugin's WaitGroup counts an error reader that never locks and a consumer
// loop that takes topicMu each round: Wait needs both Dones, so Stop holding
// topicMu blocks on the consumer as surely as if it were alone.
type Plugin struct {
	topicMu sync.Mutex
	wg      sync.WaitGroup
	topics  []string
	errs    chan error
	done    chan struct{}
	client  interface{ Close() }
}

func (p *Plugin) Start() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for range p.errs {
		}
	}()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			select {
			case <-p.done:
				return
			default:
			}
			p.topicMu.Lock()
			_ = len(p.topics)
			p.topicMu.Unlock()
		}
	}()
}

func (p *Plugin) Stop() {
	p.topicMu.Lock()
	defer p.topicMu.Unlock()
	if p.client != nil { // both outcomes go on to the Wait
		p.client.Close()
	}
	close(p.done)
	close(p.errs)
	p.wg.Wait() // want `this goroutine waits for the WaitGroup while holding topicMu`
}

// Drain releases the lock before waiting.
func (c *Consumer) Drain() {
	c.mu.Lock()
	close(c.stop)
	c.mu.Unlock()
	c.wg.Wait()
}

// Link sends requests under its lock and takes a slot of inFlight before
// each; a reader that never takes the lock frees the slots, so a full
// channel does not wait on a lock holder.
type Link struct {
	mu       sync.Mutex
	inFlight chan struct{}
	resps    chan int
}

func (c *Link) Open() {
	go c.read()
}

func (c *Link) read() {
	for range c.resps {
		<-c.inFlight
	}
}

func (c *Link) Close() { close(c.resps) }

func (c *Link) Send(fail bool) {
	go c.sendLocked(fail)
}

func (c *Link) Retry() {
	go c.sendLocked(true)
}

func (c *Link) sendLocked(fail bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight <- struct{}{}
	if fail {
		<-c.inFlight // takes its own slot back: the token is in the buffer
		return
	}
	c.resps <- 1
}

// Gate is filled and drained only under its lock: a sender blocked on the
// full gate keeps the lock its drainer needs.
type Gate struct {
	mu   sync.Mutex
	gate chan struct{}
}

func (g *Gate) Enter() {
	go g.enter()
}

func (g *Gate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gate <- struct{}{} // want `this goroutine sends while holding mu, and the goroutine that would end the wait takes mu first`
}

func (g *Gate) Leave() {
	go g.leave()
}

func (g *Gate) leave() {
	g.mu.Lock()
	<-g.gate // want `this goroutine receives while holding mu, and the goroutine that would end the wait takes mu first`
	g.mu.Unlock()
}

// Group holds its lock while a session's release waits for the session's
// workers, and a worker reports errors through its parent, which takes the
// group's lock.
type Group struct {
	lock sync.Mutex
	errs []error
}

type session struct {
	parent *Group
	wg     sync.WaitGroup
}

func (g *Group) Consume() {
	g.lock.Lock()
	defer g.lock.Unlock()
	s := g.newSession()
	s.release() // want `this call waits for the WaitGroup while holding lock, and the goroutine that would end the wait takes lock first`
}

func (g *Group) newSession() *session {
	s := &session{parent: g}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.parent.handleError(nil)
	}()
	return s
}

func (s *session) release() { s.wg.Wait() }

func (g *Group) handleError(err error) {
	g.lock.Lock()
	defer g.lock.Unlock()
	g.errs = append(g.errs, err)
}

// node waits for its children under its own lock; each child takes its
// own lock, another node's, before it is done.
type node struct {
	mu       sync.Mutex
	parent   *node
	children []*node
	wg       sync.WaitGroup
	n        int
}

func (n *node) Walk() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, ch := range n.children {
		n.wg.Add(1)
		go ch.visit(n)
	}
	n.wg.Wait()
}

func (n *node) visit(from *node) {
	defer from.wg.Done()
	n.mu.Lock()
	n.n++
	n.mu.Unlock()
}

// The constructors make the channels the cases above use: a channel field
// nothing assigns is a nil channel, a finding of its own.
func NewPlugin() *Plugin {
	return &Plugin{errs: make(chan error), done: make(chan struct{})}
}

func NewLink() *Link {
	return &Link{inFlight: make(chan struct{}, 4), resps: make(chan int)}
}

func NewGate() *Gate { return &Gate{gate: make(chan struct{}, 1)} }
