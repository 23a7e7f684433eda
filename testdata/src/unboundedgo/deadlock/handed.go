package deadlock

import "sync"

// Manager keeps streams under mu; a collection holds mu from its start to
// its finish.
type Manager struct {
	mu      sync.Mutex
	streams map[string]*Stream
}

// Stream points back to the manager that keeps it.
type Stream struct {
	manager *Manager
	name    string
}

// Close drops the stream from its manager.
func (s *Stream) Close() {
	s.manager.mu.Lock()
	defer s.manager.mu.Unlock()
	delete(s.manager.streams, s.name)
}

// Collection is a collection in progress, holding its manager's lock.
type Collection struct{ manager *Manager }

// StartCollection takes the lock and hands it to the collection.
func (m *Manager) StartCollection() *Collection {
	m.mu.Lock()
	return &Collection{manager: m}
}

// Finish is entered holding the lock StartCollection took, and closes
// streams, which take it again.
func (c *Collection) Finish() {
	defer c.manager.mu.Unlock()
	for _, s := range c.manager.streams {
		s.Close() // want `mu is locked again while this goroutine already holds it`
	}
}

// Reset takes the manager's lock itself.
func (m *Manager) Reset() {
	m.mu.Lock()
	m.streams = map[string]*Stream{}
	m.mu.Unlock()
}

// Abort resets the manager before letting go of the lock it was handed.
func (c *Collection) Abort() {
	c.manager.Reset() // want `mu is locked again while this goroutine already holds it`
	c.manager.mu.Unlock()
}

// Cancel lets go of the lock first, then closes what it collected.
func (c *Collection) Cancel() {
	var closing []*Stream
	for _, s := range c.manager.streams {
		closing = append(closing, s)
	}
	c.manager.mu.Unlock()
	for _, s := range closing {
		s.Close()
	}
}

// Trim locks only when asked to, and unlocks the same way: it takes the
// lock itself, so it is not handed one.
func (m *Manager) Trim(lock bool) {
	if lock {
		m.mu.Lock()
	}
	m.streams = nil
	if lock {
		m.mu.Unlock()
	}
	m.Reset()
}

// Peer is a stream of another manager, reached through a value of the
// collection's: its lock is another manager's.
func (c *Collection) Peer(other *Manager) {
	defer c.manager.mu.Unlock()
	for _, s := range other.streams {
		s.Close()
	}
}

// getOrCreate locks only on a miss, with a deferred unlock: the
// must-analysis sees that unlock on a lock it may not hold, which is no
// hand-over for its callers.
func (m *Manager) getOrCreate(name string) (s *Stream, found bool) {
	s, found = m.find(name)
	if !found {
		m.mu.Lock()
		defer m.mu.Unlock()
		s, found = m.streams[name]
		if !found {
			s = &Stream{manager: m, name: name}
			m.streams[name] = s
		}
	}
	return
}

func (m *Manager) find(name string) (*Stream, bool) {
	m.mu.Lock()
	s, ok := m.streams[name]
	m.mu.Unlock()
	return s, ok
}

// Get releases nothing itself, so it is not entered holding mu.
func (m *Manager) Get(name string) *Stream {
	s, _ := m.getOrCreate(name)
	m.Reset()
	return s
}

// Do takes the lock and hands it to call, which lets go of it before its
// deferred cleanup takes it again.
func (m *Manager) Do(name string) {
	m.mu.Lock()
	if _, ok := m.streams[name]; ok {
		m.mu.Unlock()
		return
	}
	m.call(name)
}

func (m *Manager) call(name string) {
	m.streams[name] = &Stream{manager: m, name: name}
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.streams, name)
		m.mu.Unlock()
	}()
}

// Directory keeps managers under a read-write lock.
type Directory struct {
	lock     sync.RWMutex
	managers map[string]*Manager
}

func (r *Directory) lookup(key string) (*Manager, bool) {
	r.lock.RLock()
	m, ok := r.managers[key]
	r.lock.RUnlock()
	return m, ok
}

// getOrCreate double-checks under the write lock, deferring its release:
// on the hit path the deferred unlock meets a lock it never took.
func (r *Directory) getOrCreate(key string) (m *Manager, found bool) {
	m, found = r.lookup(key)
	if !found {
		r.lock.Lock()
		defer r.lock.Unlock()
		m, found = r.managers[key]
		if !found {
			m = &Manager{}
			r.managers[key] = m
		}
	}
	return
}

// Conn releases nothing itself, so it is not entered holding r.lock.
func (r *Directory) Conn(key string) *Manager {
	m, _ := r.getOrCreate(key)
	_, _ = r.lookup(key)
	return m
}
