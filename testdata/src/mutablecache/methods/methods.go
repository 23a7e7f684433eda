// Package methods has a cache type whose miss-fill happens in its caller.
package methods

import (
	"slices"
	"sync"
)

// Cache is a byte cache with a getter and a setter.
type Cache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *Cache) Get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok // want `Cache.Get returns the \[\]byte slice held in cache Cache.m`
}

func (c *Cache) Set(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v // want `Cache.Set keeps the caller's \[\]byte slice v in cache Cache.m`
}

// Server fills the cache on a miss.
type Server struct {
	cache *Cache
	fetch func(path string) []byte
}

func (s *Server) Page(path string) []byte {
	if p, ok := s.cache.Get(path); ok {
		return p
	}
	p := s.fetch(path)
	s.cache.Set(path, slices.Clone(p))
	return p
}

func (s *Server) Stamp(path string) []byte {
	p, ok := s.cache.Get(path)
	if !ok {
		return nil
	}
	p[0] = '#' // want `Server.Stamp writes an element of the \[\]byte from the cache behind Get`
	return p
}

// Routes has the same shape but only ever holds what callers register.
type Routes struct {
	m map[string][]string
}

func (r *Routes) Get(k string) []string { return r.m[k] }

func (r *Routes) Set(k string, v []string) { r.m[k] = v }

// Setup registers routes it was given.
func Setup(r *Routes, paths []string) []string {
	r.Set("root", paths)
	return r.Get("root")
}
