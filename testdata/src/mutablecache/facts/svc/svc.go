// Package svc uses the store from another package.
package svc

import (
	"context"

	"mutablecache/facts/store"
)

// Service wraps the store.
type Service struct{ st *store.Orders }

func (s *Service) Order(ctx context.Context, id string) *store.Order { // want Order:`returnsCached\[0\]` Order:`source\(reads=orders writes= keys=\[1\]\)`
	return s.st.Customer(ctx, id)
}

func (s *Service) Cancel(ctx context.Context, id string) error { // want Cancel:`source\(reads= writes=orders keys=\[1\]\)`
	return s.st.Cancel(ctx, &store.Order{ID: id})
}
