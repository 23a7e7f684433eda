// Package catalog serves products from an in-memory cache in front of a
// slower store.
package catalog

import (
	"context"
	"errors"
	"sync"
)

// ErrNotFound is returned for an unknown product ID.
var ErrNotFound = errors.New("catalog: product not found")

// Product is shared by pointer between the cache and its callers.
type Product struct {
	ID    string
	Name  string
	Price int64
	Tags  []string
}

// Store is the slow source of truth.
type Store interface {
	Load(ctx context.Context, id string) (*Product, error)
}

// Catalog caches products by ID.
type Catalog struct {
	store Store

	mu    sync.RWMutex
	items map[string]*Product
	hits  int
}

// New returns a Catalog in front of store.
func New(store Store) *Catalog {
	return &Catalog{store: store, items: make(map[string]*Product)}
}

// Get returns the cached product. The pointer it hands out aliases the cache
// entry, so a caller that edits it edits every other caller's copy too.
func (c *Catalog) Get(ctx context.Context, id string) (*Product, error) {
	c.mu.RLock()
	p, ok := c.items[id]
	c.hits++ // written under a read lock: concurrent readers race here
	c.mu.RUnlock()
	if ok {
		return p, nil
	}
	p, err := c.store.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.items[id] = p
	c.mu.Unlock()
	return p, nil
}

// Tags returns the product's tag slice itself, not a copy.
func (c *Catalog) Tags(id string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if p, ok := c.items[id]; ok {
		return p.Tags
	}
	return nil
}

// Hits is read without the lock by the metrics endpoint.
func (c *Catalog) Hits() int {
	return c.hits
}

// Snapshot copies the cache for a consistent listing: the right way.
func (c *Catalog) Snapshot() []Product {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]Product, 0, len(c.items))
	for _, p := range c.items {
		cp := *p
		cp.Tags = append([]string(nil), p.Tags...)
		out = append(out, cp)
	}
	return out
}

// MemStore is a Store for tests and demos.
type MemStore map[string]Product

// Load returns a fresh copy of the stored product.
func (m MemStore) Load(_ context.Context, id string) (*Product, error) {
	p, ok := m[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &p, nil
}
