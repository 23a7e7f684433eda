// Package fix checks the suggested fix that buffers an abandoned channel.
package fix

import (
	"context"
	"errors"
	"sync"
	"time"
)

type price struct{ cents int }

func quote(sku string) price { return price{} }

func quoteWithDeadline(ctx context.Context, sku string) (price, error) {
	res := make(chan price)
	go func() {
		res <- quote(sku) // want `give res a buffer of one: make\(chan price, 1\)`
	}()
	select {
	case p := <-res:
		return p, nil
	case <-ctx.Done():
		return price{}, ctx.Err()
	}
}

func quoteOrDefault(sku string) price {
	res := make(chan price)
	go func() { res <- quote(sku) }() // want `give res a buffer of one`
	select {
	case p := <-res:
		return p
	case <-time.After(50 * time.Millisecond):
		return price{cents: 100}
	}
}

type pipe struct{}

func (pipe) copyOut(errc chan<- error) { errc <- nil }

func (pipe) copyIn(errc chan<- error) { errc <- nil }

// proxy's two copiers each report once, but the buffer holds one value:
// on a timeout nobody receives and the second copier blocks forever.
func proxy(p pipe, timeout <-chan time.Time) error {
	errc := make(chan error, 1) // want `errc buffers 1 but 2 goroutines each send on it once`
	go p.copyOut(errc)
	go p.copyIn(errc)
	select {
	case err := <-errc:
		return err
	case <-timeout:
		return nil
	}
}

// proxySized has a slot for each copier.
func proxySized(p pipe, timeout <-chan time.Time) error {
	errc := make(chan error, 2)
	go p.copyOut(errc)
	go p.copyIn(errc)
	select {
	case err := <-errc:
		return err
	case <-timeout:
		return nil
	}
}

// proxyBoth waits for both copiers on every path.
func proxyBoth(p pipe) error {
	errc := make(chan error, 1)
	go p.copyOut(errc)
	go p.copyIn(errc)
	err := <-errc
	if err2 := <-errc; err == nil {
		err = err2
	}
	return err
}

// fanOut starts its senders in a loop over a buffer sized to them.
func fanOut(skus []string, timeout <-chan time.Time) []price {
	res := make(chan price, 3)
	for _, s := range skus[:3] {
		go func() { res <- quote(s) }()
	}
	select {
	case p := <-res:
		return []price{p}
	case <-timeout:
		return nil
	}
}

var errFull = errors.New("full")

type queue struct {
	mu    sync.Mutex
	items []int
}

// push returns on the full path with mu still locked.
func (q *queue) push(v int) error {
	q.mu.Lock()
	if len(q.items) > 8 {
		return errFull // want `this return leaves q.mu locked`
	}
	q.items = append(q.items, v)
	q.mu.Unlock()
	return nil
}

type logger interface{ Log(kv ...any) error }

// syncLogger serializes a wrapped logger but unlocks by a plain call.
type syncLogger struct {
	mu     sync.Mutex
	logger logger
}

func (l *syncLogger) Log(kv ...any) error {
	l.mu.Lock()
	err := l.logger.Log(kv...)
	l.mu.Unlock() // want `l.mu is released by a plain call after the wrapped value's method`
	return err
}

type writer interface{ Write(p []byte) (int, error) }

// syncWriter embeds both its mutex and the wrapped writer.
type syncWriter struct {
	sync.Mutex
	writer
}

func (w *syncWriter) Write(p []byte) (n int, err error) {
	w.Lock()
	n, err = w.writer.Write(p)
	w.Unlock() // want `w's mutex is released by a plain call`
	return n, err
}

// deferLogger already defers.
type deferLogger struct {
	mu     sync.Mutex
	logger logger
}

func (l *deferLogger) Log(kv ...any) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.logger.Log(kv...)
}

// counter calls only its own code under the lock.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) add() int {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.n
}

// registry releases its map on Close; a later store panics under the lock.
type registry struct {
	mu    sync.Mutex
	items map[string]int
	names map[string]string
}

func (r *registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = nil
}

func (r *registry) Put(k string, v int) {
	r.mu.Lock()
	r.items[k] = v // want `this store into items panics once the map has been set to nil, and r.mu, released by a plain call after it, then stays locked`
	r.mu.Unlock()
}

func (r *registry) Get(k string, make func() int) (int, error) {
	load := func() (int, error) {
		v := make()
		r.mu.Lock()
		r.items[k] = v // want `this store into items panics once the map has been set to nil`
		r.mu.Unlock()
		return v, nil
	}
	return load()
}

// PutAll stores in a loop: a defer there would hold the lock to the end,
// so the finding carries no fix.
func (r *registry) PutAll(ks []string) {
	for _, k := range ks {
		r.mu.Lock()
		r.items[k] = 1 // want `this store into items panics once the map has been set to nil`
		r.mu.Unlock()
	}
}

// Name stores into a map that nothing sets to nil.
func (r *registry) Name(k, v string) {
	r.mu.Lock()
	r.names[k] = v
	r.mu.Unlock()
}

// PutDeferred already defers the unlock.
func (r *registry) PutDeferred(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = v
}

func load(id int) error { return nil }

// LoadAll's goroutine returns early on an error without Done.
func LoadAll(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := load(id); err != nil {
				return // want `this path leaves the goroutine without calling wg.Done`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}
