// Package otter is a test stub of github.com/maypok86/otter (v1). As in the
// library, Cache embeds an unexported baseCache that holds the read and
// delete methods; Set and SetIfAbsent are Cache's own.
package otter

import "sync"

// baseCache holds what Cache and CacheWithVariableTTL share.
type baseCache[K comparable, V any] struct {
	mu *sync.RWMutex
	m  map[K]V
}

// Has checks if there is an item with the given key in the cache.
func (bs baseCache[K, V]) Has(key K) bool {
	_, ok := bs.Get(key)
	return ok
}

// Get returns the value associated with the key in this cache.
func (bs baseCache[K, V]) Get(key K) (V, bool) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	v, ok := bs.m[key]
	return v, ok
}

// Delete removes the association for this key from the cache.
func (bs baseCache[K, V]) Delete(key K) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	delete(bs.m, key)
}

// Clear clears the hash table, all policies, buffers, etc.
func (bs baseCache[K, V]) Clear() {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	clear(bs.m)
}

// Cache is a structure performs a best-effort bounding of a hash table using
// eviction algorithm to determine which entries to evict when the capacity
// is exceeded.
type Cache[K comparable, V any] struct {
	baseCache[K, V]
}

// Set associates the value with the key in this cache.
func (c Cache[K, V]) Set(key K, value V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = value
	return true
}

// SetIfAbsent associates the value with the key if it has none.
func (c Cache[K, V]) SetIfAbsent(key K, value V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return false
	}
	c.m[key] = value
	return true
}

// Builder is a one-shot builder for creating a cache instance.
type Builder[K comparable, V any] struct{ capacity int }

// MustBuilder creates a builder and sets the future cache capacity; it
// panics on a capacity that is not positive.
func MustBuilder[K comparable, V any](capacity int) *Builder[K, V] {
	if capacity <= 0 {
		panic("otter: capacity should be positive")
	}
	return &Builder[K, V]{capacity: capacity}
}

// Build creates a configured cache.
func (b *Builder[K, V]) Build() (Cache[K, V], error) {
	return Cache[K, V]{baseCache[K, V]{mu: new(sync.RWMutex), m: map[K]V{}}}, nil
}
