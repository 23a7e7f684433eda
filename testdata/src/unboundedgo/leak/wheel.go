package leak

import (
	"sync"
	"sync/atomic"
	"time"
)

// Wheel's methods send to its run loop, which returns on Stop.
type Wheel struct {
	setChannel  chan int
	stopChannel chan struct{}
	tickCh      chan int
}

func NewWheel() *Wheel {
	w := &Wheel{setChannel: make(chan int), stopChannel: make(chan struct{}), tickCh: make(chan int)}
	go w.run()
	return w
}

func (w *Wheel) SetTimer(v int) {
	w.setChannel <- v // want `Wheel.SetTimer sends on setChannel, which only the goroutine started in NewWheel receives, and that goroutine can return`
}

// Tick selects on the stop signal too.
func (w *Wheel) Tick(v int) {
	select {
	case w.tickCh <- v:
	case <-w.stopChannel:
	}
}

func (w *Wheel) Stop() { close(w.stopChannel) }

func (w *Wheel) run() {
	for {
		select {
		case v := <-w.setChannel:
			_ = v
		case v := <-w.tickCh:
			_ = v
		case <-w.stopChannel:
			return
		}
	}
}

// Forever's loop never returns: sends to it always find it.
type Forever struct{ in chan int }

func NewForever() *Forever {
	f := &Forever{in: make(chan int)}
	go f.loop()
	return f
}

func (f *Forever) Put(v int) { f.in <- v }

func (f *Forever) loop() {
	for v := range time.Tick(time.Second) {
		select {
		case x := <-f.in:
			_ = x + v.Second()
		default:
		}
	}
}

// Batcher's loop returns when idle, but only after reading the in-flight
// count that Add raises before it sends: a pending send keeps it alive.
type Batcher struct {
	mu       sync.Mutex
	started  bool
	inflight int32
	cmd      chan int
}

func NewBatcher() *Batcher { return &Batcher{cmd: make(chan int)} }

func (b *Batcher) Add(v int) {
	b.mu.Lock()
	if !b.started {
		b.started = true
		go b.loop()
	}
	atomic.AddInt32(&b.inflight, 1)
	b.mu.Unlock()
	b.cmd <- v
}

func (b *Batcher) loop() {
	for {
		select {
		case v := <-b.cmd:
			atomic.AddInt32(&b.inflight, -1)
			_ = v
		case <-time.After(time.Second):
			if b.idle() {
				return
			}
		}
	}
}

func (b *Batcher) idle() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if atomic.LoadInt32(&b.inflight) == 0 {
		b.started = false
		return true
	}
	return false
}

// Counter raises its count but its loop never reads it before returning.
type Counter struct {
	sent atomic.Int64
	cmd  chan int
	stop chan struct{}
}

func NewCounter() *Counter {
	c := &Counter{cmd: make(chan int), stop: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Counter) Put(v int) {
	c.sent.Add(1)
	c.cmd <- v // want `Counter.Put sends on cmd, which only the goroutine started in NewCounter receives`
}

func (c *Counter) Close() { close(c.stop) }

func (c *Counter) loop() {
	for {
		select {
		case <-c.cmd:
		case <-c.stop:
			return
		}
	}
}

// Flusher counts active requests, which the senders lower themselves: its
// loop reads the count on shutdown but never receives the pending send.
type Flusher struct {
	active   atomic.Int64
	reset    chan struct{}
	shutdown chan struct{}
}

func NewFlusher() *Flusher {
	f := &Flusher{reset: make(chan struct{}), shutdown: make(chan struct{})}
	go f.loop()
	return f
}

func (f *Flusher) Send() {
	f.active.Add(1)
	defer f.active.Add(-1)
	f.reset <- struct{}{} // want `Flusher.Send sends on reset, which only the goroutine started in NewFlusher receives`
}

func (f *Flusher) Shutdown() { close(f.shutdown) }

func (f *Flusher) loop() {
	for {
		select {
		case <-f.shutdown:
			for f.active.Load() > 0 {
				time.Sleep(time.Millisecond)
			}
			return
		case <-f.reset:
		}
	}
}
