// Package cart keeps shopping carts in memory.
package cart

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"example.com/shop/internal/catalog"
)

// Item is one line of a cart.
type Item struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
}

// Service stores carts by user. Its handlers run on net/http's goroutines.
type Service struct {
	catalog *catalog.Catalog

	carts map[string][]Item // written by every request without a lock

	mu     sync.Mutex
	totals map[string]int64 // guarded by mu
}

// NewService returns an empty cart service.
func NewService(c *catalog.Catalog) *Service {
	return &Service{catalog: c, carts: make(map[string][]Item), totals: make(map[string]int64)}
}

// HandleAdd adds an item to the caller's cart.
func (s *Service) HandleAdd(w http.ResponseWriter, r *http.Request) {
	var it Item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		http.Error(w, "bad item", http.StatusBadRequest)
		return
	}
	user := r.Header.Get("X-User")
	p, err := s.catalog.Get(r.Context(), it.ProductID)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	s.carts[user] = append(s.carts[user], it)
	s.mu.Lock()
	s.totals[user] += p.Price * int64(it.Quantity)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// HandleList writes the caller's cart.
func (s *Service) HandleList(w http.ResponseWriter, r *http.Request) {
	items := s.carts[r.Header.Get("X-User")]
	_ = json.NewEncoder(w).Encode(items)
}

// Total returns the user's total under the lock: the right way.
func (s *Service) Total(user string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totals[user]
}

// Prices looks up every item's price concurrently and collects the results
// in a shared slice without a lock.
func (s *Service) Prices(ctx context.Context, items []Item) []int64 {
	var prices []int64
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p, err := s.catalog.Get(ctx, it.ProductID); err == nil {
				prices = append(prices, p.Price)
			}
		}()
	}
	wg.Wait()
	return prices
}
