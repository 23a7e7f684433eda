// Package chanswap has servers whose stop method signals a channel that
// their run method makes.
package chanswap

import "sync"

// Collector makes its shutdown channel in Run, which Shutdown closes from
// another goroutine while Run waits.
type Collector struct {
	shutdown chan struct{}
	state    int
}

func (c *Collector) Run() {
	c.wait()
}

func (c *Collector) wait() {
	c.shutdown = make(chan struct{}) // want `c.shutdown is assigned a new channel in Collector.Run, which then waits on it, while Collector.Shutdown closes it, and Collector.Shutdown exists to be called from another goroutine during that wait`
	c.state = 1
	<-c.shutdown
}

func (c *Collector) Shutdown() { close(c.shutdown) }

// Server makes its channel where it is built.
type Server struct{ quit chan struct{} }

func NewServer() *Server { return &Server{quit: make(chan struct{})} }

func (s *Server) Serve() { <-s.quit }

func (s *Server) Stop() { close(s.quit) }

// Locked swaps and closes its channel under one lock.
type Locked struct {
	mu   sync.Mutex
	done chan struct{}
}

func (l *Locked) Run() {
	l.mu.Lock()
	l.done = make(chan struct{})
	done := l.done
	l.mu.Unlock()
	<-done
}

func (l *Locked) Stop() {
	l.mu.Lock()
	close(l.done)
	l.mu.Unlock()
}

// Pump fills a channel it made and drains it itself: no one else signals.
type Pump struct{ ch chan int }

func (p *Pump) Run() int {
	p.ch = make(chan int, 1)
	p.ch <- 1
	return <-p.ch
}
