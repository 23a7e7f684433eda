package basic

import (
	"log"
	"slices"
	"sync"
)

type S struct {
	mu    sync.RWMutex
	n     int
	m     map[string]int
	items []int
	c     *C
}

type C struct {
	mu    sync.Mutex
	state int
}

// An alias of the lock, a copy of the receiver: the same lock.
func (s *S) Alias() {
	m := &s.mu
	m.Lock()
	p := s
	p.n = 1 // want `write p0.n held \{p0.mu\}`
	m.Unlock()
}

func (s *S) Deferred(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k] // want `read p0.m held \{Rp0.mu\}` `content-read p0.m held \{Rp0.mu\}`
}

// Held on one branch only: not held after the join.
func (s *S) Branch(b bool) {
	if b {
		s.mu.Lock()
	}
	s.n = 2 // want `write p0.n held \{\}`
	if b {
		s.mu.Unlock()
	}
}

// An early return that unlocks does not join the locked path.
func (s *S) EarlyReturn(b bool) {
	s.mu.Lock()
	if b {
		s.mu.Unlock()
		return
	}
	s.n = 3 // want `write p0.n held \{p0.mu\}`
	s.mu.Unlock()
}

// log.Fatal never returns: its path does not join.
func (s *S) Fatal(b bool) {
	s.mu.Lock()
	if b {
		s.mu.Unlock()
		log.Fatal("stop")
	}
	s.items = append(s.items, 1) // want `read p0.items held \{p0.mu\}` `write p0.items held \{p0.mu\}`
	s.mu.Unlock()
}

// Fields of another base: its own lock, any base.
func (s *S) Children(cs []*C) {
	for _, c := range cs {
		c.mu.Lock()
		c.state++ // want `read p1\[\].state held \{p1\[\].mu\}` `write p1\[\].state held \{p1\[\].mu\}`
		c.mu.Unlock()
	}
}

// A helper called with the lock held: its accesses come in under the lock.
func (s *S) Locked() {
	s.mu.Lock()
	s.bump() // want `via: read p0.n held \{p0.mu\}` `via: write p0.n held \{p0.mu\}`
	s.mu.Unlock()
}

func (s *S) bump() {
	s.n++ // want `read p0.n held \{\}` `write p0.n held \{\}`
}

// Lock helpers: their effect carries into the caller.
func (s *S) lock()   { s.mu.Lock() }
func (s *S) unlock() { s.mu.Unlock() }

func (s *S) WithHelpers() {
	s.lock()
	delete(s.m, "x") // want `read p0.m held \{p0.mu\}` `content-write p0.m held \{p0.mu\}`
	s.unlock()
	s.m["y"] = 1 // want `read p0.m held \{\}` `content-write p0.m held \{\}`
}

// A goroutine captures the receiver: its accesses are on p0, with no lock.
func (s *S) Start() {
	s.mu.Lock()
	go func() { // want `go Start\$1: 2 accesses`
		s.items[0] = 1 // want `read f0.items held \{\}` `content-write f0.items held \{\}`
	}()
	s.mu.Unlock()
	for i := range 3 {
		go s.work(i) // want `go work: 1 accesses in a loop`
	}
}

func (s *S) work(i int) {
	s.n = i // want `write p0.n held \{\}`
}

// A wait on a WaitGroup and a receive are remembered.
func (s *S) Wait(wg *sync.WaitGroup, done chan struct{}) {
	wg.Wait()
	<-done
	s.n = 4 // want `write p0.n held \{\} after \{p1 p2\}`
}

var global int

func Global() {
	global = 1 // want `write global held \{\}`
}

// Sort's comparator runs during slices.SortFunc, a generic function of
// another package, under the lock held at the call.
func (s *S) Sort(xs []int) {
	s.mu.Lock()
	slices.SortFunc(xs, func(a, b int) int { // want `via: read p0.n held \{p0.mu\}` `via: write p0.n held \{p0.mu\}`
		s.n++ // want `read f0.n held \{\}` `write f0.n held \{\}`
		return a - b
	})
	s.mu.Unlock()
}
