package deadlock

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// gcContext holds the collection locks of every collector until cancel or
// finish gives them back.
type gcContext struct{ held []*Collection }

func startGC(managers []*Manager) *gcContext {
	c := &gcContext{}
	for _, m := range managers {
		c.held = append(c.held, m.StartCollection())
	}
	return c
}

func (c *gcContext) cancel() {
	for _, h := range c.held {
		h.manager.mu.Unlock()
	}
}

func (c *gcContext) finish() { c.cancel() }

func mark(c *gcContext) (int, error) {
	if len(c.held) == 0 {
		return 0, errors.New("nothing to mark")
	}
	return len(c.held), nil
}

func sweep(n int) error {
	if n > 100 {
		return errors.New("too many")
	}
	return nil
}

// Collect cancels the collection when the sweep fails, but not when the
// mark does: the collectors' locks stay held.
func Collect(managers []*Manager) error {
	c := startGC(managers)
	n, err := mark(c)
	if err != nil {
		return err // want `this error return skips c.cancel, which the function's other error return makes on the same c; whatever c holds \(a lock, a goroutine, a connection\) stays held for good, so call c.cancel here too, or defer it once c is made`
	}
	if err := sweep(n); err != nil {
		c.cancel()
		return fmt.Errorf("sweep: %w", err)
	}
	c.finish()
	return nil
}

// CollectFixed cancels on both failures.
func CollectFixed(managers []*Manager) error {
	c := startGC(managers)
	n, err := mark(c)
	if err != nil {
		c.cancel()
		return err
	}
	if err := sweep(n); err != nil {
		c.cancel()
		return err
	}
	c.finish()
	return nil
}

// CollectDeferred gives the handle back in a defer on every path.
func CollectDeferred(managers []*Manager) error {
	c := startGC(managers)
	defer c.cancel()
	n, err := mark(c)
	if err != nil {
		return err
	}
	if err := sweep(n); err != nil {
		c.cancel()
		return err
	}
	return nil
}

type registry struct{ files []*os.File }

func (r *registry) add(f *os.File) error {
	if len(r.files) > 10 {
		return errors.New("full")
	}
	r.files = append(r.files, f)
	return nil
}

// Register hands the file to the registry once add succeeds, so a later
// failure leaves closing it to the registry.
func Register(r *registry, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	if err := r.add(f); err != nil {
		f.Close()
		return err
	}
	if err := sweep(len(r.files)); err != nil {
		return err
	}
	return nil
}

// Open fails before the handle exists on its first return.
func Open(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if _, err := f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Wait leaves a timer running on one path: the collector takes it back.
func Wait(d time.Duration) error {
	t := time.NewTimer(d)
	if err := sweep(int(d)); err != nil {
		t.Stop()
		return err
	}
	if err := sweep(int(d) + 1); err != nil {
		return err
	}
	<-t.C
	return nil
}

// CollectTail returns the mark's error variable at its end too, where it
// is known to be nil: no failure skips the cancel.
func CollectTail(managers []*Manager) error {
	c := startGC(managers)
	n, err := mark(c)
	if err != nil {
		c.cancel()
		return err
	}
	if err := sweep(n); err != nil {
		c.cancel()
		return err
	}
	c.finish()
	return err
}

// CollectClosure hands the handle to a closure it runs at once, and skips
// the cancel when that fails.
func CollectClosure(managers []*Manager, run func(func() error) error) error {
	c := startGC(managers)
	if err := run(func() error {
		_, err := mark(c)
		return err
	}); err != nil {
		return err // want `this error return skips c.cancel`
	}
	if err := sweep(len(c.held)); err != nil {
		c.cancel()
		return err
	}
	c.finish()
	return nil
}
