// Package lru is a minimal stub of github.com/hashicorp/golang-lru/v2.
package lru

// Cache is a thread-safe fixed size LRU cache.
type Cache[K comparable, V any] struct {
	m    map[K]V
	size int
}

// New creates an LRU of the given size.
func New[K comparable, V any](size int) (*Cache[K, V], error) {
	return &Cache[K, V]{m: map[K]V{}, size: size}, nil
}

// Get looks up a key's value from the cache.
func (c *Cache[K, V]) Get(key K) (value V, ok bool) {
	value, ok = c.m[key]
	return value, ok
}

// Add adds a value to the cache. Returns true if an eviction occurred.
func (c *Cache[K, V]) Add(key K, value V) (evicted bool) {
	c.m[key] = value
	return false
}

// Remove removes the provided key from the cache.
func (c *Cache[K, V]) Remove(key K) (present bool) {
	_, present = c.m[key]
	delete(c.m, key)
	return present
}

// Purge is used to completely clear the cache.
func (c *Cache[K, V]) Purge() { c.m = map[K]V{} }
