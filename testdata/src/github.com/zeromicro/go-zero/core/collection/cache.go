// Package collection is a test stub of
// github.com/zeromicro/go-zero/core/collection.
package collection

import (
	"sync"
	"time"
)

// CacheOption customizes a Cache.
type CacheOption func(cache *Cache)

// Cache is an object with expiration.
type Cache struct {
	lock sync.Mutex
	data map[string]any
}

// NewCache returns a Cache with expire.
func NewCache(expire time.Duration, opts ...CacheOption) (*Cache, error) {
	return &Cache{data: map[string]any{}}, nil
}

// Get returns the item of a key.
func (c *Cache) Get(key string) (any, bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	v, ok := c.data[key]
	return v, ok
}

// Set sets value into c with key.
func (c *Cache) Set(key string, value any) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.data[key] = value
}

// Take returns the item of a key, fetching and storing it on a miss.
func (c *Cache) Take(key string, fetch func() (any, error)) (any, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	v, err := fetch()
	if err != nil {
		return nil, err
	}
	c.Set(key, v)
	return v, nil
}

// Del deletes the item of a key.
func (c *Cache) Del(key string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	delete(c.data, key)
}
