// Package element hands out parts of slice and map stores.
package element

import "sync"

type Item struct {
	ID    int
	Stock int
}

// Inventory is refreshed in place under its lock.
type Inventory struct {
	mu    sync.RWMutex
	items []Item
}

func (v *Inventory) Restock(i, n int) {
	v.mu.Lock()
	v.items[i].Stock += n
	v.mu.Unlock()
}

// At hands out a pointer into the store: the caller's reads and writes race
// with Restock.
func (v *Inventory) At(i int) *Item {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return &v.items[i] // want `Inventory\.At returns a pointer into the slice items, taken under the lock; the caller reads and writes that element after the lock is released`
}

// Get returns the element by value: a copy.
func (v *Inventory) Get(i int) Item {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.items[i]
}

// Page hands out a window of the same backing array that Restock writes.
func (v *Inventory) Page(from, to int) []Item {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.items[from:to] // want `Inventory\.Page returns a part of the slice items, sharing its backing array, read under the lock`
}

// Table is filled once in its constructor and then only read: handing out
// its map is safe.
type Table struct {
	mu sync.RWMutex
	m  map[string][]string
}

func NewTable() *Table {
	t := &Table{m: map[string][]string{}}
	t.m["default"] = []string{"a", "b"}
	return t
}

func (t *Table) All() map[string][]string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.m
}

// Registry is also filled later, under its lock: All hands out a map the
// package then changes.
type Registry struct {
	mu sync.RWMutex
	m  map[string]int
}

func NewRegistry() *Registry {
	r := &Registry{m: map[string]int{}}
	r.m["zero"] = 0
	return r
}

func (r *Registry) Add(k string, v int) {
	r.mu.Lock()
	r.m[k] = v
	r.mu.Unlock()
}

func (r *Registry) All() map[string]int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.m // want `Registry\.All returns the map m itself, read under the lock`
}
