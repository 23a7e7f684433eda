package leak

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

func lookup(name string) error {
	if name == "" {
		return errors.New("empty")
	}
	return nil
}

// checkAll's checkers return on the first error; the producer then has no
// reader and blocks on its next send, and g.Wait with it.
func checkAll(names []string, checkers int) error {
	queue := make(chan string, checkers)
	var g errgroup.Group
	for i := 0; i < checkers; i++ {
		g.Go(func() error {
			for name := range queue {
				if err := lookup(name); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, n := range names {
		queue <- n // want `this send blocks forever once every worker receiving from queue has returned early`
	}
	close(queue)
	return g.Wait()
}

// checkAllCtx stops sending when the group's context ends.
func checkAllCtx(ctx context.Context, names []string, checkers int) error {
	queue := make(chan string, checkers)
	g, ctx := errgroup.WithContext(ctx)
	for i := 0; i < checkers; i++ {
		g.Go(func() error {
			for name := range queue {
				if err := lookup(name); err != nil {
					return err
				}
			}
			return nil
		})
	}
sending:
	for _, n := range names {
		select {
		case queue <- n:
		case <-ctx.Done():
			break sending
		}
	}
	close(queue)
	return g.Wait()
}

// checkEvery's workers record errors and keep draining.
func checkEvery(names []string, workers int) []error {
	queue := make(chan string)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range queue {
				if err := lookup(name); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, n := range names {
		queue <- n
	}
	close(queue)
	wg.Wait()
	return errs
}

// checkBuffered has room for every name: no send waits.
func checkBuffered(names []string) error {
	queue := make(chan string, len(names))
	var g errgroup.Group
	g.Go(func() error {
		for name := range queue {
			if err := lookup(name); err != nil {
				return err
			}
		}
		return nil
	})
	for _, n := range names {
		queue <- n
	}
	close(queue)
	return g.Wait()
}
