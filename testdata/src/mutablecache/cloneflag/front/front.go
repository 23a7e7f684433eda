// Package front reads the shard through its exported functions.
package front

import (
	"context"

	"mutablecache/cloneflag/shard"
)

type Front struct{ s *shard.Shard }

// Copy passes true across the package boundary: the shard copies.
func (f *Front) Copy(ctx context.Context, key string) []byte {
	v := f.s.Lookup(ctx, key, true)
	v[0] = 'x'
	return v
}

// Shared passes false: the cached bytes themselves come back.
func (f *Front) Shared(ctx context.Context, key string) []byte {
	v := f.s.Lookup(ctx, key, false)
	v[0] = 'x' // want `Front.Shared writes an element of the \[\]byte from the cache behind Lookup`
	return v
}
