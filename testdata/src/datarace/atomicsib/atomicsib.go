// Package atomicsib holds methods that add to one field atomically and
// write another plainly: the counter says the method runs beside itself.
package atomicsib

import (
	"sync"
	"sync/atomic"
)

// RoundRobin picks partitions in turn, ChunkSize picks at a time.
type RoundRobin struct {
	ChunkSize int
	counter   uint32
}

// Balance picks a partition.
func (rr *RoundRobin) Balance(partitions []int) int {
	if rr.ChunkSize < 1 {
		rr.ChunkSize = 1 // want `rr.ChunkSize is written without a lock in RoundRobin.Balance, which updates rr.counter atomically`
	}
	n := atomic.AddUint32(&rr.counter, 1)
	return partitions[int(n/uint32(rr.ChunkSize))%len(partitions)]
}

// Meter counts events and keeps the last one.
type Meter struct {
	count  atomic.Int64
	last   string
	mu     sync.Mutex
	first  string
	once   atomic.Bool
	label  string
	latest string
}

// Mark counts an event; the last event is kept under the lock.
func (m *Meter) Mark(ev string) {
	m.count.Add(1)
	m.mu.Lock()
	m.last = ev
	m.mu.Unlock()
}

// Observe counts an event and keeps it, plainly: two observers write
// latest at once.
func (m *Meter) Observe(ev string) {
	m.count.Add(1)
	m.latest = ev // want `m.latest is written without a lock in Meter.Observe`
}

// Start records the first event: only the caller that wins the swap from
// false to true writes it.
func (m *Meter) Start(ev string) {
	m.count.Add(1)
	if !m.once.CompareAndSwap(false, true) {
		return
	}
	m.first = ev
}

// NewMeter labels a meter it has just made: nobody else holds it yet.
func NewMeter(label string) *Meter {
	m := &Meter{}
	m.count.Add(1)
	m.label = label
	return m
}

// Cmd runs once; the swap refuses a second start, and a store only
// publishes that it ran.
type Cmd struct {
	started int32
	done    atomic.Bool
	Path    string
	Err     error
}

// Run runs the command.
func (c *Cmd) Run() error {
	if atomic.SwapInt32(&c.started, 1) != 0 {
		return nil
	}
	c.Err = nil
	c.done.Store(true)
	c.Path = ""
	return nil
}

// spin is a lock of the package's own.
type spin struct{ v int32 }

// Lock spins until it takes the lock.
func (s *spin) Lock() {
	for !atomic.CompareAndSwapInt32(&s.v, 0, 1) {
	}
}

// Unlock releases it.
func (s *spin) Unlock() { atomic.StoreInt32(&s.v, 0) }

// Shedder averages the requests in flight under its own spin lock.
type Shedder struct {
	flying int64
	avg    float64
	avgMu  spin
}

// Done ends a request.
func (s *Shedder) Done() {
	n := atomic.AddInt64(&s.flying, -1)
	s.avgMu.Lock()
	s.avg = s.avg*0.9 + float64(n)*0.1
	s.avgMu.Unlock()
}

// Injector numbers its actions with a counter in a helper; Start, which
// happens to call it, is not thereby run beside itself.
type Injector struct {
	actions atomic.Int64
	server  string
}

func (in *Injector) nextAction() int64 { return in.actions.Add(1) }

// Start starts the injector.
func (in *Injector) Start(addr string) int64 {
	id := in.nextAction()
	in.server = addr
	return id
}
