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
