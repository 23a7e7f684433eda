// Package sets states the lock sets at each access of a small cache.
package sets

import "sync"

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
