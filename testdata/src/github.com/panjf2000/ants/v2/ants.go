// Package ants is a test stub of github.com/panjf2000/ants/v2. As in the
// library, Pool embeds an unexported *poolCommon that holds Release and
// ReleaseTimeout; Submit is Pool's own. A pool has no Wait.
package ants

import "time"

// Option configures a pool.
type Option func(opts *Options)

// Options are a pool's settings.
type Options struct{ Nonblocking bool }

// WithNonblocking makes Submit fail instead of blocking when the pool is full.
func WithNonblocking(nonblocking bool) Option {
	return func(opts *Options) { opts.Nonblocking = nonblocking }
}

type poolCommon struct{ capacity int32 }

// Running returns the number of workers currently running.
func (p *poolCommon) Running() int { return 0 }

// Release closes the pool.
func (p *poolCommon) Release() {}

// ReleaseTimeout is like Release but waits for all workers to exit.
func (p *poolCommon) ReleaseTimeout(timeout time.Duration) error { return nil }

// Pool is a goroutine pool that limits and recycles a mass of goroutines.
type Pool struct {
	*poolCommon
}

// NewPool instantiates a pool of at most size workers (a size that is not
// positive means no limit).
func NewPool(size int, options ...Option) (*Pool, error) {
	return &Pool{&poolCommon{capacity: int32(size)}}, nil
}

// Submit runs task on a worker of the pool, blocking while all are busy.
func (p *Pool) Submit(task func()) error { return nil }

// Submit runs task on the default pool, whose capacity is math.MaxInt32.
func Submit(task func()) error { return nil }
