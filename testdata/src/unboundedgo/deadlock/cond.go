package deadlock

import "sync"

// Queue waits for items on a condition nothing signals.
type Queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
}

func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait() // want `this Wait on ready waits for a Signal or Broadcast, but nothing calls either on ready`
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// Signalled broadcasts on push.
type Signalled struct {
	mu    sync.Mutex
	ready *sync.Cond
	n     int
}

func NewSignalled() *Signalled {
	s := &Signalled{}
	s.ready = sync.NewCond(&s.mu)
	return s
}

func (s *Signalled) Add() {
	s.ready.L.Lock()
	s.n++
	s.ready.L.Unlock()
	s.ready.Broadcast()
}

func (s *Signalled) Take() {
	s.ready.L.Lock()
	for s.n == 0 {
		s.ready.Wait()
	}
	s.n--
	s.ready.L.Unlock()
}

// Handed gives its condition to a helper, which may signal it.
type Handed struct {
	mu   sync.Mutex
	cond sync.Cond
}

func (h *Handed) Start() {
	h.cond.L = &h.mu
	go notifyLater(&h.cond)
}

func (h *Handed) Await() {
	h.mu.Lock()
	h.cond.Wait()
	h.mu.Unlock()
}

func notifyLater(c *sync.Cond) { c.Broadcast() }

// Public exposes its condition: other packages may signal it.
type Public struct {
	Ready *sync.Cond
}

func (p *Public) Await() {
	p.Ready.L.Lock()
	p.Ready.Wait()
	p.Ready.L.Unlock()
}

// localWait waits on a local condition signalled by its goroutine.
func localWait() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		mu.Lock()
		done = true
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !done {
		c.Wait()
	}
	mu.Unlock()
}
