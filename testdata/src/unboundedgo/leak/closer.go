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

// limiter's monitor ranges over its ticker, and shutdown only stops the
// ticker: Stop never closes C, so the monitor waits forever.
type limiter struct {
	mu      sync.Mutex
	refs    int
	ticker  *time.Ticker
	usedMiB int
}

func (l *limiter) start() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refs++
	if l.refs == 1 {
		go func() { // want `every limiter leaks one and its shutdown cannot stop it`
			for range l.ticker.C {
				l.usedMiB++
			}
		}()
	}
}

func (l *limiter) shutdown() { l.ticker.Stop() }

// Store's writer ranges over saves, which nothing in the package can
// close: its Stop flips a flag the loop never reads.
type Store struct {
	saves   chan []byte
	stopped bool
}

func NewStore() *Store {
	s := &Store{saves: make(chan []byte)}
	runAsync(func() { // want `every Store leaks one and its Stop cannot stop it`
		for b := range s.saves {
			_ = b
		}
	})
	return s
}

func (s *Store) Save(b []byte) { s.saves <- b }

func (s *Store) Stop() { s.stopped = true }

func runAsync(f func()) {
	go func() {
		defer func() { _ = recover() }()
		f()
	}()
}

// Journal's writer ends when Close closes entries.
type Journal struct{ entries chan string }

func NewJournal() *Journal {
	j := &Journal{entries: make(chan string)}
	go func() {
		for e := range j.entries {
			_ = e
		}
	}()
	return j
}

func (j *Journal) Close() error {
	close(j.entries)
	return nil
}

// Outbox hands its channel to a helper, which may close it: the writer is
// not proven endless.
type Outbox struct{ msgs chan string }

func NewOutbox() *Outbox {
	o := &Outbox{msgs: make(chan string)}
	go func() {
		for m := range o.msgs {
			_ = m
		}
	}()
	return o
}

func (o *Outbox) Close() error {
	finish(o.msgs)
	return nil
}

func finish(ch chan string) {
	if ch != nil {
		close(ch)
	}
}

// resolver's watch loop never returns; the builder starts it, and the
// resolver's Close only closes the watcher.
type watcher interface {
	Next() ([]string, error)
	Close() error
}

type resolver struct{ w watcher }

func (r *resolver) watch() {
	for {
		addrs, err := r.w.Next()
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		_ = addrs
	}
}

func (r *resolver) Close() { _ = r.w.Close() }

type builder struct{}

func (b *builder) Build(w watcher) *resolver {
	r := &resolver{w: w}
	go r.watch() // want `every resolver leaks one and its Close cannot stop it`
	return r
}
