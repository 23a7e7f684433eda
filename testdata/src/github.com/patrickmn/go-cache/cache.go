// Package cache is a test stub of github.com/patrickmn/go-cache.
package cache

import (
	"sync"
	"time"
)

// DefaultExpiration tells Set to use the cache's default expiration.
const DefaultExpiration time.Duration = 0

// Cache is an in-memory key:value store with expiration.
type Cache struct {
	mu sync.RWMutex
	m  map[string]interface{}
}

// New returns a cache with a default expiration and a cleanup interval.
func New(defaultExpiration, cleanupInterval time.Duration) *Cache {
	return &Cache{m: map[string]interface{}{}}
}

// Get returns the value of a key, if present.
func (c *Cache) Get(k string) (interface{}, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

// Set stores a value under a key, replacing any existing one.
func (c *Cache) Set(k string, x interface{}, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = x
}

// Delete deletes a key.
func (c *Cache) Delete(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}

// Flush deletes every item.
func (c *Cache) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}
