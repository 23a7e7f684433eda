// Package closesend closes channels that goroutines send on, some after
// every sender is done and some while senders may still run.
package closesend

import "sync"

// Consumer feeds responses to its dispatcher.
type Consumer struct {
	feeder chan int
	dying  chan struct{}
}

// Start runs the dispatcher and the fetcher.
func Start() *Consumer {
	c := &Consumer{feeder: make(chan int), dying: make(chan struct{})}
	go c.dispatch()
	go c.fetch()
	return c
}

// dispatch closes the feeder when it stops, while fetch may still send.
func (c *Consumer) dispatch() {
	defer close(c.feeder) // want `c.feeder is closed here while the goroutine started in Start may still send on it, and a send on a closed channel panics`
	<-c.dying
}

func (c *Consumer) fetch() {
	for i := 0; ; i++ {
		c.feeder <- i
	}
}

// Group reports session errors until it is closed.
type Group struct {
	errors    chan error
	closed    chan struct{}
	closeOnce sync.Once
}

// NewGroup makes a group.
func NewGroup() *Group {
	return &Group{errors: make(chan error, 8), closed: make(chan struct{})}
}

// Consume runs a session that reports its errors.
func (g *Group) Consume() {
	go func() {
		g.handleError(nil)
	}()
}

// handleError checks closed first, but Close may close both between the
// check and the send.
func (g *Group) handleError(err error) {
	select {
	case <-g.closed:
		return
	default:
	}
	select {
	case g.errors <- err:
	default:
	}
}

// Close closes the group once.
func (g *Group) Close() {
	g.closeOnce.Do(func() {
		close(g.closed)
		go func() {
			close(g.errors) // want `g.errors is closed here while the goroutine started in Group.Consume may still send on it`
		}()
	})
}

// Producer closes its output itself once it has sent everything.
type Producer struct{ out chan int }

// Run sends and then closes: the closer is the sender.
func (p *Producer) Run() {
	go func() {
		for i := 0; i < 3; i++ {
			p.out <- i
		}
		close(p.out)
	}()
}

// Pool closes its results after waiting for every worker.
type Pool struct {
	results chan int
	wg      sync.WaitGroup
}

// Run starts workers and closes results once they are all done.
func (p *Pool) Run(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.results <- i
		}()
	}
	go func() {
		p.wg.Wait()
		close(p.results)
	}()
}

// Bus guards its closed flag, the sends and the close with one lock.
type Bus struct {
	mu     sync.Mutex
	closed bool
	events chan string
}

// Publish sends from a goroutine, under the lock, unless closed.
func (b *Bus) Publish(e string) {
	go func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if !b.closed {
			b.events <- e
		}
	}()
}

// Close marks the bus closed and closes events under the same lock.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	close(b.events)
}

// Queue is used by one caller at a time: Push and Close are API calls, and
// not calling Push after Close is the caller's contract.
type Queue struct{ items chan int }

// Push adds an item.
func (q *Queue) Push(i int) { q.items <- i }

// Close ends the queue.
func (q *Queue) Close() { close(q.items) }

// Processor drops spans after shutdown; the enqueue recovers the panic a
// send on the closed queue may raise, by design.
type Processor struct {
	queue chan int
	stop  chan struct{}
}

// NewProcessor starts the enqueuer and the drain.
func NewProcessor() *Processor {
	p := &Processor{queue: make(chan int, 8), stop: make(chan struct{})}
	go p.enqueue(1)
	go p.drain()
	return p
}

func (p *Processor) enqueue(v int) {
	defer func() { _ = recover() }()
	p.queue <- v
}

func (p *Processor) drain() {
	<-p.stop
	close(p.queue)
}
