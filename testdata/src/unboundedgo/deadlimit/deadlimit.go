// Package deadlimit bounds per-item goroutines with semaphores held in
// fields, one of which nothing ever sets.
package deadlimit

import (
	"context"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// Layer is one item to fetch.
type Layer struct{ Digest string }

func fetchOne(ctx context.Context, l Layer) error { return nil }

// unpacker means to bound its downloads, but no code sets limiter.
type unpacker struct {
	limiter *semaphore.Weighted
	name    string
}

// Unpack fetches every layer.
func Unpack(ctx context.Context, name string, layers []Layer) error {
	u := &unpacker{name: name}
	return u.fetch(ctx, layers)
}

func (u *unpacker) fetch(ctx context.Context, layers []Layer) error {
	eg, ctx2 := errgroup.WithContext(ctx)
	for _, l := range layers {
		if u.limiter != nil {
			if err := u.limiter.Acquire(ctx, 1); err != nil {
				return err
			}
		}
		eg.Go(func() error { // want `starts a goroutine on every turn of the loop, and the limiter meant to bound them, u.limiter, is never assigned anywhere in the package, so it is always nil`
			defer func() {
				if u.limiter != nil {
					u.limiter.Release(1)
				}
			}()
			return fetchOne(ctx2, l)
		})
	}
	return eg.Wait()
}

// pusher's limiter is set by its constructor.
type pusher struct {
	limiter *semaphore.Weighted
}

// NewPusher bounds pushes to n at once.
func NewPusher(n int64) *pusher {
	return &pusher{limiter: semaphore.NewWeighted(n)}
}

// Push is bounded when the pusher was made by NewPusher.
func (p *pusher) Push(ctx context.Context, layers []Layer) error {
	eg, ctx2 := errgroup.WithContext(ctx)
	for _, l := range layers {
		if p.limiter != nil {
			if err := p.limiter.Acquire(ctx, 1); err != nil {
				return err
			}
		}
		eg.Go(func() error {
			defer p.limiter.Release(1)
			return fetchOne(ctx2, l)
		})
	}
	return eg.Wait()
}

// Fetcher's Limiter is exported: other packages may set it.
type Fetcher struct {
	Limiter *semaphore.Weighted
}

// Fetch is bounded by whatever the caller put in Limiter.
func (f *Fetcher) Fetch(ctx context.Context, layers []Layer) error {
	eg, ctx2 := errgroup.WithContext(ctx)
	for _, l := range layers {
		if f.Limiter != nil {
			if err := f.Limiter.Acquire(ctx, 1); err != nil {
				return err
			}
		}
		eg.Go(func() error {
			defer f.Limiter.Release(1)
			return fetchOne(ctx2, l)
		})
	}
	return eg.Wait()
}

// mirror's limiter is unset, but the group bounds the goroutines too.
type mirror struct {
	limiter *semaphore.Weighted
}

func (m *mirror) copyAll(ctx context.Context, layers []Layer) error {
	eg, ctx2 := errgroup.WithContext(ctx)
	eg.SetLimit(4)
	for _, l := range layers {
		if m.limiter != nil {
			if err := m.limiter.Acquire(ctx, 1); err != nil {
				return err
			}
		}
		eg.Go(func() error { return fetchOne(ctx2, l) })
	}
	return eg.Wait()
}

// Mirror copies every layer.
func Mirror(ctx context.Context, layers []Layer) error {
	return (&mirror{}).copyAll(ctx, layers)
}
