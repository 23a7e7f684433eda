// Package waitgroup warms caches with goroutines counted by WaitGroups.
package waitgroup

import (
	"context"
	"sync"
)

func warm(ctx context.Context, key string) error { return nil }

type Warmer struct {
	wg   sync.WaitGroup
	keys []string
}

// WarmAll adds inside the goroutines: Wait can return first.
func WarmAll(ctx context.Context, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		go func() {
			if k == "" {
				return
			}
			wg.Add(1) // want `wg.Add is called inside a goroutine that wg does not count, so wg.Wait can return before it runs`
			defer wg.Done()
			_ = warm(ctx, k)
		}()
	}
	wg.Wait()
}

// Warm adds before starting each goroutine.
func (w *Warmer) Warm(ctx context.Context) {
	for _, k := range w.keys {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			_ = warm(ctx, k)
		}()
	}
	w.wg.Wait()
}

// WarmField adds inside the goroutine, on a field.
func (w *Warmer) WarmField(ctx context.Context) {
	for _, k := range w.keys {
		go func() {
			w.wg.Add(1) // want `w.wg.Add is called inside a goroutine that w.wg does not count`
			defer w.wg.Done()
			_ = warm(ctx, k)
		}()
	}
	w.wg.Wait()
}

// Nested: the counted goroutine adds for its own children, which is fine:
// the counter is positive while it runs.
func Nested(ctx context.Context, groups [][]string) {
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, k := range g {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_ = warm(ctx, k)
				}()
			}
		}()
	}
	wg.Wait()
}

// Feeder adds for the goroutines it starts, but is not counted itself: its
// Add can race with Wait.
func Feeder(ctx context.Context, keys <-chan string, stop <-chan struct{}) {
	var wg sync.WaitGroup
	go func() {
		for k := range keys {
			wg.Add(1) // want `wg.Add is called inside a goroutine that wg does not count`
			go func() {
				defer wg.Done()
				_ = warm(ctx, k)
			}()
		}
	}()
	<-stop
	wg.Wait()
}

// Own: a WaitGroup declared inside the goroutine is its own business.
func Own(ctx context.Context, keys []string) {
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for _, k := range keys {
			wg.Add(1)
			go func() { defer wg.Done(); _ = warm(ctx, k) }()
		}
		wg.Wait()
		close(done)
	}()
	<-done
}

// DoneEarly signals before writing the result.
func DoneEarly(ctx context.Context, key string) error {
	var wg sync.WaitGroup
	var err error
	wg.Add(1)
	go func() {
		wg.Done() // want `Done is called before the goroutine's work, so Wait can return while it still writes err`
		err = warm(ctx, key)
	}()
	wg.Wait()
	return err
}

// partitionWriter counts its batch goroutine in group, which close waits
// on: the count must be raised before the goroutine starts.
type partitionWriter struct {
	group sync.WaitGroup
	queue chan int
}

func newPartitionWriter() *partitionWriter {
	w := &partitionWriter{queue: make(chan int)}
	go func() {
		w.group.Add(1) // want `w.group.Add is called inside a goroutine that w.group does not count`
		defer w.group.Done()
		for range w.queue {
		}
	}()
	return w
}

func (w *partitionWriter) close() {
	close(w.queue)
	w.group.Wait()
}

// countedWriter raises the count before starting the goroutine.
type countedWriter struct {
	group sync.WaitGroup
	queue chan int
}

func newCountedWriter() *countedWriter {
	w := &countedWriter{queue: make(chan int)}
	w.group.Add(1)
	go func() {
		defer w.group.Done()
		for range w.queue {
		}
	}()
	return w
}

func (w *countedWriter) close() {
	close(w.queue)
	w.group.Wait()
}
