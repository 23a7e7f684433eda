// Package snapshot: an atomic.Value or atomic.Pointer publishes a snapshot
// that readers use without a lock. Handing it out and reading it is the
// point; changing it in place races with every reader.
package snapshot

import (
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// Config is replaced whole on every change.
type Config struct {
	Name   string
	Limits map[string]int
}

// State is the published state of a worker pool.
type State struct {
	Items []string
	Owner *Config
}

// Counters carries its own lock: sharing it is by design.
type Counters struct {
	mu sync.Mutex
	N  map[string]int
}

// Server keeps its configuration and state as snapshots.
type Server struct {
	mu       sync.Mutex // serializes writers; readers take no lock
	cfg      atomic.Value
	state    atomic.Pointer[State]
	counters atomic.Pointer[Counters]
	list     atomic.Value // []string
}

// SetLimit changes the published snapshot in place.
func (s *Server) SetLimit(name string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg := s.cfg.Load().(*Config)
	cfg.Limits[name] = n // want `Server.SetLimit writes an entry of the map\[string\]int from the snapshot in Server.cfg, which every reader uses without a lock`
}

// Add appends to the published state.
func (s *Server) Add(item string) {
	p := s.state.Load()
	p.Items = append(p.Items, item) // want `Server.Add writes field Items of the \*State from the snapshot in Server.state`
}

// Sort sorts the published items in place.
func (s *Server) Sort() {
	slices.Sort(s.state.Load().Items) // want `Server.Sort sorts or modifies in place the \[\]string from the snapshot in Server.state`
}

// Rename writes a field of a struct the snapshot points to.
func (s *Server) Rename(name string) {
	st := s.state.Load()
	st.Owner.Name = name // want `Server.Rename writes field Name of the \*Config from the snapshot in Server.state`
}

// config is the helper the methods below read through.
func (s *Server) config() *Config {
	c, _ := s.cfg.Load().(*Config)
	return c
}

// Drop writes through the helper's snapshot.
func (s *Server) Drop(name string) {
	delete(s.config().Limits, name) // want `Server.Drop deletes from the map\[string\]int from the snapshot config returns`
}

// SetLimitCOW is copy on write done right: load, copy, change the copy,
// publish the copy.
func (s *Server) SetLimitCOW(name string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cfg.Load().(*Config)
	next := &Config{Name: old.Name, Limits: maps.Clone(old.Limits)}
	next.Limits[name] = n
	s.cfg.Store(next)
}

// AddCOW copies the state by value and its slice before appending.
func (s *Server) AddCOW(item string) {
	for {
		old := s.state.Load()
		next := *old
		next.Items = append(slices.Clone(old.Items), item)
		if s.state.CompareAndSwap(old, &next) {
			return
		}
	}
}

// Publish builds a new snapshot and stores it.
func (s *Server) Publish(items []string) {
	st := &State{}
	st.Items = slices.Clone(items)
	s.state.Store(st)
}

// Limit only reads the snapshot.
func (s *Server) Limit(name string) int {
	return s.cfg.Load().(*Config).Limits[name]
}

// Config hands out the snapshot itself: readers share it by design.
func (s *Server) Config() *Config {
	return s.config()
}

// Items hands out the published slice.
func (s *Server) Items() []string {
	if p := s.state.Load(); p != nil {
		return p.Items
	}
	return nil
}

// Count changes a self-synchronized object under its own lock.
func (s *Server) Count(name string) {
	c := s.counters.Load()
	c.mu.Lock()
	c.N[name]++
	c.mu.Unlock()
}

// New fills the snapshot of a server nobody else can see yet.
func New() *Server {
	s := &Server{}
	s.state.Store(&State{})
	s.state.Load().Items = []string{"boot"}
	return s
}

// PublishItem appends to a loaded snapshot and stores the result under the
// writers' lock: the append writes past what readers see, then the new
// slice is published. Copy on write, not a change under the readers.
func (s *Server) PublishItem(item string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, _ := s.list.Load().([]string)
	s.list.Store(append(old, item))
}
