package handover

import "sync"

// Shim tracks the processes it runs; every method may be called at once.
type Shim struct {
	mu    sync.Mutex
	procs map[string]int
	init  *int
}

func (s *Shim) initProcess() *int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.init
}

// Exec adds a process.
func (s *Shim) Exec(id string, pid int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.procs[id] = pid
}

// Kill drops a process.
func (s *Shim) Kill(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.procs, id)
}

// Lookup finds a process.
func (s *Shim) Lookup(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.procs[id]
}

// Pids lists the processes after a helper took and released the lock: the
// map's contents keep changing under it.
func (s *Shim) Pids() []int {
	if s.initProcess() == nil {
		return nil
	}
	var out []int
	for _, pid := range s.procs { // want `s.procs is read without s.mu held`
		out = append(out, pid)
	}
	return out
}

// Init sets the init process once, under the lock.
func (s *Shim) Init(p *int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.init == nil {
		s.init = p
	}
}

// InitPid reads the init process after a helper took and released the
// lock: it was set once, and the read sees that write.
func (s *Shim) InitPid() int {
	if s.initProcess() == nil {
		return 0
	}
	return *s.init
}
