// Package libs covers the cache libraries of the table: golang-lru (v1),
// ristretto, go-cache, go-zero and otter hand out the stored value itself;
// bigcache copies on the way in and out.
package libs

import (
	"slices"
	"time"

	"github.com/allegro/bigcache"
	"github.com/dgraph-io/ristretto"
	lru "github.com/hashicorp/golang-lru"
	"github.com/maypok86/otter"
	gocache "github.com/patrickmn/go-cache"
	"github.com/zeromicro/go-zero/core/collection"
)

// Repo caches the same lists in every library.
type Repo struct {
	lru   *lru.Cache
	rist  *ristretto.Cache
	gc    *gocache.Cache
	zero  *collection.Cache
	big   *bigcache.BigCache
	ot    otter.Cache[string, []string]
	fetch func(key string) []string
	raw   func(key string) []byte
}

// LRU returns what golang-lru holds.
func (r *Repo) LRU(key string) []string {
	if v, ok := r.lru.Get(key); ok {
		return v.([]string) // want `Repo.LRU returns the \[\]string slice held in cache Repo.lru without copying it`
	}
	v := r.fetch(key)
	r.lru.Add(key, v)
	return v // want `Repo.LRU returns the \[\]string slice held in cache Repo.lru`
}

// LRUCopy copies.
func (r *Repo) LRUCopy(key string) []string {
	if v, ok := r.lru.Peek(key); ok {
		return slices.Clone(v.([]string))
	}
	return nil
}

// Ristretto returns what ristretto holds.
func (r *Repo) Ristretto(key string) []string {
	if v, ok := r.rist.Get(key); ok {
		return v.([]string) // want `Repo.Ristretto returns the \[\]string slice held in cache Repo.rist`
	}
	return nil
}

// RistrettoCopy copies.
func (r *Repo) RistrettoCopy(key string) []string {
	if v, ok := r.rist.Get(key); ok {
		return slices.Clone(v.([]string))
	}
	return nil
}

// GoCache returns what go-cache holds.
func (r *Repo) GoCache(key string) []string {
	if v, ok := r.gc.Get(key); ok {
		return v.([]string) // want `Repo.GoCache returns the \[\]string slice held in cache Repo.gc`
	}
	v := r.fetch(key)
	r.gc.Set(key, v, gocache.DefaultExpiration)
	return v // want `Repo.GoCache returns the \[\]string slice held in cache Repo.gc`
}

// GoCacheCopy copies.
func (r *Repo) GoCacheCopy(key string) []string {
	if v, ok := r.gc.Get(key); ok {
		return slices.Clone(v.([]string))
	}
	return nil
}

// Zero returns what go-zero's cache holds, through Take.
func (r *Repo) Zero(key string) ([]string, error) {
	v, err := r.zero.Take(key, func() (any, error) { return r.fetch(key), nil })
	if err != nil {
		return nil, err
	}
	return v.([]string), nil // want `Repo.Zero returns the \[\]string slice held in cache Repo.zero`
}

// ZeroCopy copies.
func (r *Repo) ZeroCopy(key string) []string {
	if v, ok := r.zero.Get(key); ok {
		return slices.Clone(v.([]string))
	}
	return nil
}

// NewOtterRepo builds the otter cache as its users do.
func NewOtterRepo(fetch func(key string) []string) (*Repo, error) {
	c, err := otter.MustBuilder[string, []string](1000).Build()
	if err != nil {
		return nil, err
	}
	return &Repo{ot: c, fetch: fetch}, nil
}

// Otter returns what otter holds: Get is promoted from the library's
// unexported baseCache.
func (r *Repo) Otter(key string) []string {
	if v, ok := r.ot.Get(key); ok {
		return v // want `Repo.Otter returns the \[\]string slice held in cache Repo.ot without copying it`
	}
	v := r.fetch(key)
	r.ot.Set(key, v)
	return v // want `Repo.Otter returns the \[\]string slice held in cache Repo.ot`
}

// OtterCopy copies.
func (r *Repo) OtterCopy(key string) []string {
	if v, ok := r.ot.Get(key); ok {
		return slices.Clone(v)
	}
	v := r.fetch(key)
	r.ot.Set(key, slices.Clone(v))
	return v
}

// lookup reads ristretto for the function below.
func (r *Repo) lookup(key string) []string {
	if v, ok := r.rist.Get(key); ok {
		return v.([]string)
	}
	return nil
}

// SortRistretto sorts the cached slice in place.
func SortRistretto(r *Repo, key string) {
	slices.Sort(r.lookup(key)) // want `SortRistretto sorts or modifies in place the \[\]string from the cache behind lookup`
}

// Blob returns bigcache's bytes: Get already copied them.
func (r *Repo) Blob(key string) ([]byte, error) {
	if b, err := r.big.Get(key); err == nil {
		return b, nil
	}
	b := r.raw(key)
	if err := r.big.Set(key, b); err != nil {
		return nil, err
	}
	return b, nil
}

// Keep hands bigcache the caller's bytes: Set copies them.
func (r *Repo) Keep(key string, b []byte) error {
	return r.big.Set(key, b)
}

// Scrub changes its own copy of the entry.
func Scrub(r *Repo, key string) []byte {
	b, err := r.big.Get(key)
	if err != nil || len(b) == 0 {
		return nil
	}
	b[0] = 0
	return b
}

// Touch keeps the entries for a while.
func Touch(r *Repo, key string) {
	r.gc.Set(key, r.fetch(key), time.Minute)
}
