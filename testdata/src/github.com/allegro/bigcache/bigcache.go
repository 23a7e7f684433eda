// Package bigcache is a test stub of github.com/allegro/bigcache: Get
// returns a copy of the entry and Set copies the bytes it is given.
package bigcache

import (
	"bytes"
	"sync"
	"time"
)

// Config configures a BigCache.
type Config struct {
	Shards     int
	LifeWindow time.Duration
}

// DefaultConfig returns a configuration with the given eviction time.
func DefaultConfig(eviction time.Duration) Config {
	return Config{Shards: 1024, LifeWindow: eviction}
}

// BigCache is a fast, concurrent, evicting cache of byte slices.
type BigCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// NewBigCache initializes a new instance of BigCache.
func NewBigCache(config Config) (*BigCache, error) {
	return &BigCache{m: map[string][]byte{}}, nil
}

// Get reads a copy of the entry for the key.
func (c *BigCache) Get(key string) ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return bytes.Clone(c.m[key]), nil
}

// Set saves a copy of the entry under the key.
func (c *BigCache) Set(key string, entry []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = bytes.Clone(entry)
	return nil
}

// Delete removes the key.
func (c *BigCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	return nil
}

// Reset empties every shard.
func (c *BigCache) Reset() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
	return nil
}
