// Package ctxvalue carries request metadata in a context, which every
// goroutine working on the request may read.
package ctxvalue

import (
	"context"
	"strings"
	"sync"
)

type key struct{}

// Info is what the server knows of the client.
type Info struct {
	Addr     string
	Metadata Metadata
}

// Metadata is meant to be immutable.
type Metadata struct {
	data map[string][]string
}

// NewContext stores info in ctx.
func NewContext(ctx context.Context, info Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// Get memoizes the case-folded key it found.
func (m Metadata) Get(k string) []string {
	vals := m.data[k]
	if len(vals) == 0 {
		for kk, v := range m.data {
			if strings.EqualFold(kk, k) {
				vals = v
				m.data[k] = v // want `Metadata.Get writes a map of its receiver, but the package stores Info, which holds Metadata, in a context.Context`
			}
		}
	}
	return vals
}

// Keys only reads.
func (m Metadata) Keys() []string {
	var out []string
	for k := range m.data {
		out = append(out, k)
	}
	return out
}

// Set writes by design: the caller builds the metadata before storing it.
func (m *Metadata) Set(k string, v []string) {
	m.data[k] = v
}

// Session is stored by pointer and memoizes under its lock.
type Session struct {
	mu    sync.Mutex
	cache map[string]string
}

// WithSession stores s in ctx.
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, key{}, s)
}

// GetValue memoizes under the lock.
func (s *Session) GetValue(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.cache[k]; ok {
		return v
	}
	s.cache[k] = strings.ToLower(k)
	return s.cache[k]
}

// Local is never stored in a context.
type Local struct{ seen map[string]bool }

// Has records what it was asked.
func (l Local) Has(k string) bool {
	ok := l.seen[k]
	l.seen[k] = true
	return ok
}
