// Package generics is generics-heavy service plumbing: generic caches with
// locks, worker pools over type parameters, iterators, generic aliases and
// recursive generic types. Checks must analyze it without panicking.
package generics

import (
	"cmp"
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
)

// Number is a constraint with a type set.
type Number interface {
	~int | ~int32 | ~int64 | ~float64
}

// Set is a generic alias.
type Set[T comparable] = map[T]struct{}

// Cache is a locked map from K to V.
type Cache[K comparable, V any] struct {
	mu    sync.RWMutex
	items map[K]V
	hits  map[K]int
}

// NewCache returns an empty cache.
func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{items: make(map[K]V), hits: make(map[K]int)}
}

// Get returns the value for k.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	return v, ok
}

// Put stores v under k.
func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	c.items[k] = v
	c.hits[k]++
	c.mu.Unlock()
}

// All iterates over a snapshot of the cache in key order.
func (c *Cache[K, V]) All(less func(a, b K) int) iter.Seq2[K, V] {
	c.mu.RLock()
	snap := maps.Clone(c.items)
	c.mu.RUnlock()
	return func(yield func(K, V) bool) {
		for _, k := range slices.SortedFunc(maps.Keys(snap), less) {
			if !yield(k, snap[k]) {
				return
			}
		}
	}
}

// Sum adds numbers of any numeric type.
func Sum[S ~[]E, E Number](s S) E {
	var total E
	for _, v := range s {
		total += v
	}
	return total
}

// Max returns the largest element, or the zero value.
func Max[T cmp.Ordered](xs ...T) T {
	var m T
	for i, x := range xs {
		if i == 0 || x > m {
			m = x
		}
	}
	return m
}

// Node is a recursive generic type.
type Node[T any] struct {
	Value T
	Next  *Node[T]
}

// List is a linked list built from Node.
type List[T any] struct {
	head *Node[T]
	n    int
}

// Push prepends v.
func (l *List[T]) Push(v T) {
	l.head = &Node[T]{Value: v, Next: l.head}
	l.n++
}

// Values iterates the list.
func (l *List[T]) Values() iter.Seq[T] {
	return func(yield func(T) bool) {
		for n := l.head; n != nil; n = n.Next {
			if !yield(n.Value) {
				return
			}
		}
	}
}

// Pool runs fn over jobs with at most limit goroutines.
func Pool[J, R any](ctx context.Context, limit int, jobs []J, fn func(context.Context, J) R) []R {
	out := make([]R, len(jobs))
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i] = fn(ctx, j)
		})
	}
	wg.Wait()
	return out
}

// Map applies f lazily.
func Map[T, U any](seq iter.Seq[T], f func(T) U) iter.Seq[U] {
	return func(yield func(U) bool) {
		for v := range seq {
			if !yield(f(v)) {
				return
			}
		}
	}
}

// Keys returns the members of a Set.
func Keys[T cmp.Ordered](s Set[T]) []T {
	return slices.Sorted(maps.Keys(s))
}

// Pair has methods whose receivers use type parameters in a different order.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Swap returns the pair reversed.
func (p Pair[A, B]) Swap() Pair[B, A] { return Pair[B, A]{p.Second, p.First} }
