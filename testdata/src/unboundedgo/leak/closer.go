package leak

import (
	"sync"
	"time"
)

// Ring's heartbeat can never stop: every Ring leaks it.
type Ring struct {
	mu     sync.Mutex
	shards []string
	done   chan struct{}
}

func NewRing() *Ring {
	r := &Ring{done: make(chan struct{})}
	go r.heartbeat() // want `the goroutine started here has no path that returns, so every Ring leaks one and its Close cannot stop it`
	return r
}

func (r *Ring) heartbeat() {
	ticker := time.NewTicker(time.Second)
	for range ticker.C {
		r.mu.Lock()
		r.shards = r.shards[:0]
		r.mu.Unlock()
	}
}

func (r *Ring) Close() error {
	close(r.done)
	return nil
}

// Pool's cleaner stops when Close closes done.
type Pool struct {
	done chan struct{}
}

func NewPool() *Pool {
	p := &Pool{done: make(chan struct{})}
	go p.clean()
	return p
}

func (p *Pool) clean() {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
		case <-p.done:
			return
		}
	}
}

func (p *Pool) Close() error {
	close(p.done)
	return nil
}
