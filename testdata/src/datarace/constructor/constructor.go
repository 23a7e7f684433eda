// Package constructor starts goroutines on the objects its constructors
// return: the goroutine runs beside every method its callers call.
package constructor

import (
	"sync"
	"time"
)

// Ticker counts ticks in a goroutine that New starts.
type Ticker struct {
	mu    sync.Mutex
	ticks int
	name  string
	seen  int
}

// New returns a ticker whose goroutine is already running.
func New(name string) *Ticker {
	t := &Ticker{name: name}
	t.ticks = 1
	go t.run()
	return t
}

func (t *Ticker) run() {
	for {
		time.Sleep(time.Second)
		t.ticks++ // want `t.ticks is read without t.mu held, but t.mu guards it in 2 of 4 accesses and Ticker.Reset may write it at the same time`
		t.mu.Lock()
		t.seen++
		t.mu.Unlock()
	}
}

// Ticks reads the count under the lock.
func (t *Ticker) Ticks() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ticks
}

// Reset clears the count under the lock.
func (t *Ticker) Reset() {
	t.mu.Lock()
	t.ticks = 0
	t.seen = 0
	t.mu.Unlock()
}

// Seen reads what only the goroutine writes, under the lock.
func (t *Ticker) Seen() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seen
}

// Sum adds up parts in a goroutine on an object of its own, joined before
// it returns: no caller ever sees the object.
func Sum(parts []int) int {
	w := &Ticker{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, p := range parts {
			w.ticks += p
		}
	}()
	wg.Wait()
	return w.ticks
}

// Pinger is started by a helper its constructor calls.
type Pinger struct {
	mu   sync.Mutex
	last time.Time
}

// NewPinger returns a pinger whose goroutine start has begun.
func NewPinger() *Pinger {
	p := &Pinger{}
	p.start()
	return p
}

func (p *Pinger) start() {
	go func() {
		for {
			time.Sleep(time.Second)
			p.last = time.Now() // want `p.last is written without p.mu held, but p.mu guards it in 2 of 3 accesses`
		}
	}()
}

// Last reads the time under the lock.
func (p *Pinger) Last() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// Clear resets the time under the lock.
func (p *Pinger) Clear() {
	p.mu.Lock()
	p.last = time.Time{}
	p.mu.Unlock()
}

// Pool dials its minimum connections in goroutines and keeps counting
// while they run.
type Pool struct {
	mu   sync.Mutex
	size int
	min  int
	name string
}

// NewPool starts a dialer per missing connection.
func NewPool(name string, min int) *Pool {
	p := &Pool{min: min}
	p.name = name
	for p.size < p.min {
		p.size++ // want `p.size is read without p.mu held, but p.mu guards it in \d+ of \d+ accesses and the goroutine started in NewPool may write it at the same time`
		go func() {
			if !dial(p.name) {
				p.mu.Lock()
				p.size--
				p.mu.Unlock()
			}
		}()
	}
	return p
}

func dial(string) bool { return false }

// Size reads the count under the lock.
func (p *Pool) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}
