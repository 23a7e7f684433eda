package protocol

import (
	"runtime"
	"sync"
	"time"
)

// Recorder's loop fills the ring under mu until Stop joins it.
type Recorder struct {
	mu      sync.Mutex
	ring    []int
	running bool
	quit    chan struct{}
	done    chan struct{}
}

func NewRecorder() *Recorder {
	r := &Recorder{quit: make(chan struct{}), done: make(chan struct{}), running: true}
	go r.loop()
	return r
}

func (r *Recorder) loop() {
	defer close(r.done)
	for {
		select {
		case <-r.quit:
			return
		case <-time.After(time.Second):
		}
		r.mu.Lock()
		r.ring = append(r.ring, len(r.ring))
		r.mu.Unlock()
	}
}

// Stop joins the loop, which closes the channel NewRecorder stored in
// done, in a helper that waits only when it runs: once the helper has
// returned, no loop is left to write the ring.
func (r *Recorder) Stop() {
	r.halt()
	r.ring = nil
}

func (r *Recorder) halt() {
	if !r.running {
		return
	}
	r.running = false
	close(r.quit)
	<-r.done
}

// Poller's Stop only asks its loop to end, and its helper looks at done
// without waiting for it: the loop may still be writing.
type Poller struct {
	mu   sync.Mutex
	ring []int
	quit chan struct{}
	done chan struct{}
}

func NewPoller() *Poller {
	p := &Poller{quit: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			return
		case <-time.After(time.Second):
		}
		p.mu.Lock()
		p.ring = append(p.ring, len(p.ring))
		p.mu.Unlock()
	}
}

func (p *Poller) Stop() {
	close(p.quit)
	p.poll()
	p.ring = nil // want `p.ring is written without p.mu held`
}

func (p *Poller) poll() {
	select {
	case <-p.done:
	default:
	}
}

// Tracer reads the runtime's execution trace in a goroutine that ends
// when tracing stops: runtime.StopTrace returns only after the reader has
// read the end, so Stop clears the buffer once the reader is done.
type Tracer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *Tracer) Start() error {
	if err := runtime.StartTrace(); err != nil {
		return err
	}
	go func() {
		for {
			data := runtime.ReadTrace()
			if data == nil {
				return
			}
			t.mu.Lock()
			t.buf = append(t.buf, data...)
			t.mu.Unlock()
		}
	}()
	return nil
}

func (t *Tracer) Stop() {
	runtime.StopTrace()
	t.buf = nil
}

// EagerTracer clears its buffer before tracing stops, while the reader may
// still append.
type EagerTracer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *EagerTracer) Start() error {
	if err := runtime.StartTrace(); err != nil {
		return err
	}
	go func() {
		for data := runtime.ReadTrace(); data != nil; data = runtime.ReadTrace() {
			t.mu.Lock()
			t.buf = append(t.buf, data...)
			t.mu.Unlock()
		}
	}()
	return nil
}

func (t *EagerTracer) Stop() {
	t.buf = nil // want `t.buf is written without t.mu held`
	runtime.StopTrace()
}
