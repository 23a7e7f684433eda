// Package ttlcache is a test stub of github.com/jellydator/ttlcache/v3.
package ttlcache

import (
	"sync"
	"time"
)

// DefaultTTL tells Set to use the cache's default TTL.
const DefaultTTL time.Duration = 0

// Item holds a value and its expiration.
type Item[K comparable, V any] struct {
	mu    sync.RWMutex
	key   K
	value V
	ttl   time.Duration
}

// Key returns the key of the item.
func (item *Item[K, V]) Key() K { return item.key }

// Value returns the value of the item.
func (item *Item[K, V]) Value() V {
	item.mu.RLock()
	defer item.mu.RUnlock()
	return item.value
}

// TTL returns the TTL of the item.
func (item *Item[K, V]) TTL() time.Duration { return item.ttl }

// Option sets a cache option.
type Option[K comparable, V any] interface{ apply(*Cache[K, V]) }

// Cache is a synchronized map of items that expire.
type Cache[K comparable, V any] struct {
	mu    sync.RWMutex
	items map[K]*Item[K, V]
}

// New creates a new cache.
func New[K comparable, V any](opts ...Option[K, V]) *Cache[K, V] {
	return &Cache[K, V]{items: map[K]*Item[K, V]{}}
}

// WithTTL sets the default TTL of the cache's items.
func WithTTL[K comparable, V any](ttl time.Duration) Option[K, V] { return nil }

// Get retrieves the item of a key, or nil.
func (c *Cache[K, V]) Get(key K, opts ...Option[K, V]) *Item[K, V] {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[key]
}

// Set stores a value under a key with a TTL.
func (c *Cache[K, V]) Set(key K, value V, ttl time.Duration) *Item[K, V] {
	c.mu.Lock()
	defer c.mu.Unlock()
	item := &Item[K, V]{key: key, value: value, ttl: ttl}
	c.items[key] = item
	return item
}

// GetOrSet retrieves the item of a key, or stores the value if there is none.
func (c *Cache[K, V]) GetOrSet(key K, value V, opts ...Option[K, V]) (*Item[K, V], bool) {
	if item := c.Get(key); item != nil {
		return item, true
	}
	return c.Set(key, value, DefaultTTL), false
}

// Delete deletes the item of a key.
func (c *Cache[K, V]) Delete(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, key)
}

// DeleteAll deletes every item.
func (c *Cache[K, V]) DeleteAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.items)
}
