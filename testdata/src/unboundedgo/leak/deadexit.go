package leak

import (
	"context"
	"os"
	"time"
)

// SaveStore writes each snapshot in the background; nothing closes saves.
type SaveStore struct {
	file  string
	saves chan []byte
}

func NewSaveStore(file string) *SaveStore {
	s := &SaveStore{file: file, saves: make(chan []byte)}
	s.listen()
	return s
}

func (s *SaveStore) listen() {
	go func() { // want `the goroutine started here ranges over saves until it is closed, but nothing closes saves, so every SaveStore leaks this goroutine`
		for b := range s.saves {
			_ = os.WriteFile(s.file, b, 0o600)
		}
	}()
}

func (s *SaveStore) Save(b []byte) { s.saves <- b }

// ClosingStore closes its channel in Close: the range ends.
type ClosingStore struct {
	saves chan []byte
}

func NewClosingStore() *ClosingStore {
	s := &ClosingStore{saves: make(chan []byte)}
	go s.write()
	return s
}

func (s *ClosingStore) write() {
	for b := range s.saves {
		_ = b
	}
}

func (s *ClosingStore) Save(b []byte) { s.saves <- b }
func (s *ClosingStore) Close()        { close(s.saves) }

// Reloader's watcher stops only on shutdownCh, which only stop signals, and
// only tests call stop.
type Reloader struct {
	events     chan string
	shutdownCh chan bool
}

func (r *Reloader) startWatching() {
	r.shutdownCh = make(chan bool)
	go r.watch() // want `the goroutine started here returns only once shutdownCh is signalled, but only Reloader.stop signals it, and nothing but tests calls that, so every start leaks it`
}

func (r *Reloader) watch() {
	for {
		select {
		case <-r.shutdownCh:
			return
		case e := <-r.events:
			_ = e
		}
	}
}

func (r *Reloader) stop() {
	r.shutdownCh <- true
	close(r.shutdownCh)
}

func LoadConfig() *Reloader {
	r := &Reloader{events: make(chan string)}
	r.startWatching()
	return r
}

// Watcher is stopped by its exported Close: callers elsewhere call it.
type Watcher struct {
	events chan string
	done   chan struct{}
}

func NewWatcher() *Watcher {
	w := &Watcher{events: make(chan string), done: make(chan struct{})}
	go w.watch()
	return w
}

func (w *Watcher) watch() {
	for {
		select {
		case <-w.done:
			return
		case e := <-w.events:
			_ = e
		}
	}
}

func (w *Watcher) Close() { close(w.done) }

// CtxWatcher also ends with its context.
type CtxWatcher struct {
	quit chan struct{}
}

func (w *CtxWatcher) Run(ctx context.Context) {
	go func() {
		select {
		case <-w.quit:
		case <-ctx.Done():
		}
	}()
}

func (w *CtxWatcher) halt() { close(w.quit) }

// Poller is stopped by an unexported method that production code calls.
type Poller struct {
	quit chan struct{}
	work chan int
}

func NewPoller() *Poller {
	p := &Poller{quit: make(chan struct{}), work: make(chan int)}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	for {
		select {
		case <-p.quit:
			return
		case <-p.work:
		}
	}
}

func (p *Poller) halt() { close(p.quit) }

func (p *Poller) Reset() {
	p.halt()
}

// statLoop ticks for the life of the process: a ticker's channel is never
// closed, and nobody expects it to be.
type stat struct{ hits int }

func newStat() *stat {
	s := &stat{}
	go s.loop()
	return s
}

func (s *stat) loop() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for range t.C {
		s.hits = 0
	}
}
