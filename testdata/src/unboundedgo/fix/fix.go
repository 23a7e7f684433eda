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

func restart(t *time.Timer) {
	if !t.Stop() {
		<-t.C // want `since Go 1.23 a receive from t.C after Stop never gets a value`
	}
	t.Reset(time.Second)
}
