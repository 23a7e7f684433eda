// Package earlyrelease bounds goroutines with channel semaphores, some of
// which give the slot back before the goroutine has done its work.
package earlyrelease

import "sync"

// Pool hands each task a worker slot.
type Pool struct {
	workers chan struct{}
	wg      sync.WaitGroup
}

// NewPool fills the pool with n slots.
func NewPool(n int) *Pool {
	p := &Pool{workers: make(chan struct{}, n)}
	for i := 0; i < n; i++ {
		p.workers <- struct{}{}
	}
	return p
}

// Execute takes a slot, starts f and puts the slot back at once: any
// number of f run together.
func (p *Pool) Execute(f func()) {
	<-p.workers
	go f()
	p.workers <- struct{}{} // want `the slot taken from p.workers is given back as soon as the goroutine starts, not when it finishes, so p.workers never limits how many of these goroutines run`
}

// Flush counts the goroutine in flight, with the same mistake.
func (p *Pool) Flush(batch []int, send func([]int)) {
	<-p.workers
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		send(batch)
	}()
	p.workers <- struct{}{} // want `the slot taken from p.workers is given back as soon as the goroutine starts`
}

// Limiter is a semaphore filled by sends.
type Limiter struct{ sem chan struct{} }

// NewLimiter lets n goroutines run at once.
func NewLimiter(n int) *Limiter { return &Limiter{sem: make(chan struct{}, n)} }

// Go gives the slot back when f returns: bounded.
func (l *Limiter) Go(f func()) {
	l.sem <- struct{}{}
	go func() {
		defer func() { <-l.sem }()
		f()
	}()
}

// GoWait waits for the goroutine before giving the slot back: bounded.
func (l *Limiter) GoWait(f func()) {
	l.sem <- struct{}{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
	<-l.sem
}

// Server uses a one-slot channel as a lock around starting its loop, which
// Stop takes too: the go statement is the critical section.
type Server struct {
	lock    chan struct{}
	stopped bool
}

// NewServer makes the lock.
func NewServer() *Server { return &Server{lock: make(chan struct{}, 1)} }

// Start starts the loop under the lock.
func (s *Server) Start(loop func()) {
	s.lock <- struct{}{}
	go loop()
	<-s.lock
}

// Stop marks the server stopped under the same lock.
func (s *Server) Stop() {
	s.lock <- struct{}{}
	s.stopped = true
	<-s.lock
}

// Handoff passes the channel to the goroutine, which answers on it.
func Handoff(ch chan int) int {
	ch <- 1
	go func() { ch <- <-ch + 1 }()
	return <-ch
}

// Flusher starts its flush with a slot it gives back at once.
type Flusher struct {
	pool *Pool
}

func (f *Flusher) flush() {}

// Start gives the slot back before the flush has run.
func (f *Flusher) Start() {
	<-f.pool.workers
	go f.flush()
	f.pool.workers <- struct{}{} // want `the slot taken from f.pool.workers is given back as soon as the goroutine starts`
}
