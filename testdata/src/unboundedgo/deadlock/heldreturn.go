package deadlock

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

type Registry struct {
	mu     sync.Mutex
	rw     sync.RWMutex
	closed bool
	items  map[string]int
}

// Put returns on the closed path with mu still locked.
func (r *Registry) Put(k string, v int) error {
	r.mu.Lock()
	if r.closed {
		return errClosed // want `this return leaves r.mu locked, while the function's other returns unlock it`
	}
	r.items[k] = v
	r.mu.Unlock()
	return nil
}

// Touch has no results: the early return leaks the lock.
func (r *Registry) Touch(k string) {
	r.rw.RLock()
	if _, ok := r.items[k]; !ok {
		return // want `this return leaves r.rw locked`
	}
	r.rw.RUnlock()
}

// Has reports false with the lock still held.
func (r *Registry) Has(k string) bool {
	r.mu.Lock()
	if r.closed {
		return false // want `this return leaves r.mu locked`
	}
	_, ok := r.items[k]
	r.mu.Unlock()
	return ok
}

// lockOpen is a lock helper: it returns holding mu when it succeeds.
func (r *Registry) lockOpen() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return errClosed
	}
	return nil
}

// tryLock hands the lock over when it reports true.
func (r *Registry) tryLock() bool {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return false
	}
	return true
}

// Get defers the unlock: every return releases.
func (r *Registry) Get(k string) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, errClosed
	}
	return r.items[k], nil
}

// Delete unlocks on each path itself.
func (r *Registry) Delete(k string) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return errClosed
	}
	delete(r.items, k)
	r.mu.Unlock()
	return nil
}

// acquire takes the lock for its caller on every path.
func (r *Registry) acquire() {
	r.mu.Lock()
	if r.closed {
		return
	}
	r.items = nil
}

var (
	forkMu  sync.Mutex
	forkRW  sync.RWMutex
	forking int
)

// acquireFork write-locks forkRW for the first forker only, handing it to
// the caller; later forkers wait for it by read-locking.
func acquireFork() {
	forkMu.Lock()
	defer forkMu.Unlock()
	if forking == 0 {
		forkRW.Lock()
		forking++
		return
	}
	forkRW.RLock()
	forkRW.RUnlock()
	forking++
}
