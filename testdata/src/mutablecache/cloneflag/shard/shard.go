// Package shard caches bytes behind a read path that copies on request.
package shard

import (
	"bytes"
	"context"
	"sync"
)

type Shard struct {
	mu      sync.RWMutex
	entries map[string][]byte
	load    func(ctx context.Context, key string) []byte
}

// get fills the entry on a miss and returns it itself unless clone is set.
func (s *Shard) get(ctx context.Context, key string, clone bool) []byte {
	s.mu.RLock()
	v, ok := s.entries[key]
	s.mu.RUnlock()
	if !ok {
		v = s.load(ctx, key)
		s.mu.Lock()
		s.entries[key] = v
		s.mu.Unlock()
	}
	if clone {
		v = bytes.Clone(v)
	}
	return v
}

// Get always asks for a copy.
func (s *Shard) Get(ctx context.Context, key string) []byte {
	return s.get(ctx, key, true)
}

// Peek hands out the entry itself.
func (s *Shard) Peek(ctx context.Context, key string) []byte {
	return s.get(ctx, key, false) // want `Shard.Peek returns the \[\]byte slice held in the cache`
}

// Lookup leaves the choice to its caller.
func (s *Shard) Lookup(ctx context.Context, key string, clone bool) []byte {
	return s.get(ctx, key, clone)
}

// Raw copies only when told to copy: the entry itself escapes when noCopy
// is true, and the flag reads the other way round.
func (s *Shard) Raw(ctx context.Context, key string, noCopy bool) []byte {
	v := s.get(ctx, key, false)
	if noCopy {
		return v // want `Shard.Raw returns the \[\]byte slice held in the cache`
	}
	return bytes.Clone(v)
}
