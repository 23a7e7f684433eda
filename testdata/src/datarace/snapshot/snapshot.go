// Package snapshot takes maps out from under its locks to use them
// unlocked: safe only when nothing writes the map in place afterwards.
package snapshot

import "sync"

// Config is a registered configuration.
type Config struct{ keys []string }

// Service keeps the registered configurations up to date from a
// goroutine, while Register and Unregister change the set.
type Service struct {
	mu      sync.Mutex
	configs map[*Config]struct{}
	keys    chan []string
}

// NewService starts rotating keys.
func NewService() *Service {
	s := &Service{configs: map[*Config]struct{}{}, keys: make(chan []string)}
	go s.rotate()
	return s
}

func (s *Service) rotate() {
	for k := range s.keys {
		s.mu.Lock()
		configs := s.configs // want `the map s.configs is taken out under s.mu here but its contents are read after the lock is released`
		s.mu.Unlock()
		for c := range configs {
			c.keys = k
		}
	}
}

// Register adds c.
func (s *Service) Register(c *Config) {
	s.mu.Lock()
	s.configs[c] = struct{}{}
	s.mu.Unlock()
}

// Unregister removes c.
func (s *Service) Unregister(c *Config) {
	s.mu.Lock()
	delete(s.configs, c)
	s.mu.Unlock()
}

// Registry replaces its map on every change (copy on write), so a map
// taken out under the lock is never written again.
type Registry struct {
	mu    sync.Mutex
	names map[string]int
	ch    chan string
}

// NewRegistry starts printing.
func NewRegistry() *Registry {
	r := &Registry{ch: make(chan string)}
	go r.print()
	return r
}

func (r *Registry) print() {
	for range r.ch {
		r.mu.Lock()
		names := r.names
		r.mu.Unlock()
		for n := range names {
			_ = n
		}
	}
}

// Add replaces the map with a copy holding name.
func (r *Registry) Add(name string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	next := make(map[string]int, len(r.names)+1)
	for k, v := range r.names {
		next[k] = v
	}
	next[name] = n
	r.names = next
}

// Remove replaces the map with a copy without name.
func (r *Registry) Remove(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	next := make(map[string]int, len(r.names))
	for k, v := range r.names {
		if k != name {
			next[k] = v
		}
	}
	r.names = next
}

// Drainer takes its pending map out and leaves a new one in its place.
type Drainer struct {
	mu      sync.Mutex
	pending map[string]int
	tick    chan struct{}
}

// NewDrainer starts draining.
func NewDrainer() *Drainer {
	d := &Drainer{pending: map[string]int{}, tick: make(chan struct{})}
	go d.drain()
	return d
}

func (d *Drainer) drain() {
	for range d.tick {
		d.mu.Lock()
		p := d.pending
		d.pending = map[string]int{}
		d.mu.Unlock()
		for k := range p {
			_ = k
		}
	}
}

// Add counts k.
func (d *Drainer) Add(k string) {
	d.mu.Lock()
	d.pending[k]++
	d.mu.Unlock()
}
