// Package basic is a small cache with a mutex, for the locks pass.
package basic

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	hits  int
	name  string
}

type Annotated struct {
	mu sync.Mutex
	//msvclint:guardedby mu
	n int
}

func NewCache(name string) *Cache {
	c := &Cache{name: name}
	c.items = map[string]string{}
	return c
}

func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	return v, ok
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
	_ = c.name
}

func (c *Cache) Delete(k string) {
	c.lock()
	if k == "" {
		c.mu.Unlock()
		return
	}
	delete(c.items, k)
	c.hits++
	c.mu.Unlock()
}

func (c *Cache) lock() { c.mu.Lock() } // want lock:`acquires\[.mu\] releases\[\]`

func (c *Cache) Len() int {
	c.mu.RLock()
	n := len(c.items)
	c.mu.RUnlock()
	for i := 0; i < n; i++ {
		c.mu.Lock()
		c.hits++
		c.mu.Unlock()
	}
	return c.hits
}

// Lock2 is an exported lock helper.
func (c *Cache) Lock2() { c.mu.Lock() } // want Lock2:`acquires\[.mu\] releases\[\]`

// Unlock2 is an exported unlock helper.
func (c *Cache) Unlock2() { c.mu.Unlock() } // want Unlock2:`acquires\[\] releases\[.mu\]`

// Pair has two locks that its helpers take and drop together.
type Pair struct {
	a, b, c sync.Mutex
	n       int
}

// LockAll leaves every lock of the pair held; the fact lists them in one
// order whatever the run.
func (p *Pair) LockAll() { p.c.Lock(); p.a.Lock(); p.b.Lock() } // want LockAll:`acquires\[.a .b .c\] releases\[\]`

// UnlockAll releases them all.
func (p *Pair) UnlockAll() { p.b.Unlock(); p.c.Unlock(); p.a.Unlock() } // want UnlockAll:`acquires\[\] releases\[.a .b .c\]`
