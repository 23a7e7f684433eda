// Package ristretto is a test stub of github.com/dgraph-io/ristretto.
package ristretto

import "sync"

// Config configures a Cache.
type Config struct {
	NumCounters int64
	MaxCost     int64
	BufferItems int64
}

// Cache is a thread-safe, cost-bounded cache.
type Cache struct {
	mu sync.Mutex
	m  map[interface{}]interface{}
}

// NewCache returns a new Cache.
func NewCache(config *Config) (*Cache, error) {
	return &Cache{m: map[interface{}]interface{}{}}, nil
}

// Get returns the value of a key, if present.
func (c *Cache) Get(key interface{}) (interface{}, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// Set stores a value with a cost; it may be dropped.
func (c *Cache) Set(key, value interface{}, cost int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = value
	return true
}

// Del deletes a key.
func (c *Cache) Del(key interface{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// Clear empties the cache.
func (c *Cache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}
