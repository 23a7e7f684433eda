// Package watchlib starts goroutines for its callers; nothing here is an
// entry point, so only its callers' packages can judge how often they run.
package watchlib

import (
	"context"
	"sync"
	"time"
)

type Watcher struct {
	mu      sync.Mutex
	running bool
	events  []string
}

// Watch starts a poller that never returns on every call.
func (w *Watcher) Watch(key string) {
	go func() {
		for range time.Tick(time.Second) {
			w.poll(key)
		}
	}()
}

func (w *Watcher) poll(key string) {
	w.mu.Lock()
	w.events = append(w.events, key)
	w.mu.Unlock()
}

// Subscribe reaches Watch through another call.
func (w *Watcher) Subscribe(key string) error {
	w.register(key)
	return nil
}

func (w *Watcher) register(key string) { w.Watch(key) }

// WatchCtx's poller leaves when the context ends.
func (w *Watcher) WatchCtx(ctx context.Context, key string) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.poll(key)
			}
		}
	}()
}

// Start starts its poller once per Watcher.
func (w *Watcher) Start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running {
		return
	}
	w.running = true
	go func() {
		for range time.Tick(time.Second) {
			w.poll("all")
		}
	}()
}
