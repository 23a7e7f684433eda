// Package sets states the lock sets at each access of a small cache.
package sets

import (
	"noreturn/exits"
	"sync"
)

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	hits  int // locked in 2 of 3 places: not inferred
	name  string
}

type Annotated struct {
	mu sync.Mutex
	n  int //msvclint:guardedby mu
}

func NewCache(name string) *Cache {
	c := &Cache{name: name}
	c.items = map[string]string{} // want `held: none fresh`
	return c
}

func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k] // want `held: c.mu R`
	return v, ok
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	c.items[k] = v // want `held: c.mu W`
	c.mu.Unlock()
	_ = c.name // want `held: none`
}

func (c *Cache) Delete(k string) {
	c.lock()
	if k == "" {
		c.mu.Unlock()
		return
	}
	delete(c.items, k) // want `held: c.mu W`
	c.hits++           // want `held: c.mu W`
	c.mu.Unlock()
}

func (c *Cache) lock() { c.mu.Lock() }

func (c *Cache) Len() int {
	c.mu.RLock()
	n := len(c.items) // want `held: c.mu R`
	c.mu.RUnlock()
	for i := 0; i < n; i++ {
		c.mu.Lock()
		c.hits++ // want `held: c.mu W`
		c.mu.Unlock()
	}
	return c.hits // want `held: none`
}

// Lock2 is an exported lock helper.
func (c *Cache) Lock2() { c.mu.Lock() }

// Unlock2 is an exported unlock helper.
func (c *Cache) Unlock2() { c.mu.Unlock() }

func withLock(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

// Each hands the read lock to a helper that runs the callback under it.
func (c *Cache) Each(f func(string)) {
	withLock(c.mu.RLocker(), func() {
		for k := range c.items { // want `held: c.mu R`
			f(k)
		}
	})
}

// Wait holds the lock after a select whose every case returns or locks.
func (c *Cache) Wait(done <-chan struct{}, ready <-chan string) {
	c.mu.Lock()
	c.hits++ // want `held: c.mu W`
	c.mu.Unlock()
	select {
	case <-done:
		return
	case k := <-ready:
		c.mu.Lock()
		c.name = k // want `held: c.mu W`
	}
	c.hits-- // want `held: c.mu W`
	c.mu.Unlock()
}

// Claim gives up the lock only on a path through exits.Die, which ctrlflow's
// facts prove never returns, so the write after it holds the lock.
func (c *Cache) Claim(name string) {
	c.mu.Lock()
	if name == "" {
		c.mu.Unlock()
		exits.Die("empty name")
	}
	c.name = name // want `held: c.mu W`
	c.mu.Unlock()
}

// ClaimWarn calls a helper that returns, so the write after it is not under the lock on every path.
func (c *Cache) ClaimWarn(name string) {
	c.mu.Lock()
	if name == "" {
		c.mu.Unlock()
		exits.Warn("empty name")
	}
	c.name = name // want `held: none`
	c.mu.Unlock()
}
