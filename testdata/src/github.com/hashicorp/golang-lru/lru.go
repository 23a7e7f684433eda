// Package lru is a test stub of github.com/hashicorp/golang-lru (v1, before
// generics).
package lru

import "sync"

// Cache is a thread-safe fixed size LRU cache.
type Cache struct {
	lock sync.RWMutex
	m    map[interface{}]interface{}
	size int
}

// New creates an LRU of the given size.
func New(size int) (*Cache, error) {
	return &Cache{m: map[interface{}]interface{}{}, size: size}, nil
}

// Get looks up a key's value from the cache.
func (c *Cache) Get(key interface{}) (value interface{}, ok bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	value, ok = c.m[key]
	return value, ok
}

// Peek returns the key's value without updating its recentness.
func (c *Cache) Peek(key interface{}) (value interface{}, ok bool) {
	return c.Get(key)
}

// Add adds a value to the cache. Returns true if an eviction occurred.
func (c *Cache) Add(key, value interface{}) (evicted bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.m[key] = value
	return false
}

// Remove removes the provided key from the cache.
func (c *Cache) Remove(key interface{}) (present bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	_, present = c.m[key]
	delete(c.m, key)
	return present
}

// Purge is used to completely clear the cache.
func (c *Cache) Purge() {
	c.lock.Lock()
	defer c.lock.Unlock()
	clear(c.m)
}
