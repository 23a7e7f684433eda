// Package fix checks the suggested fix that buffers an abandoned channel.
package fix

import (
	"context"
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
