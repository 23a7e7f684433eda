package cart_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"example.com/shop/internal/cart"
	"example.com/shop/internal/catalog"
)

func TestConcurrentAdds(t *testing.T) {
	store := catalog.MemStore{"p1": {ID: "p1", Price: 100}}
	s := cart.NewService(catalog.New(store))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, "/cart", strings.NewReader(`{"product_id":"p1","quantity":1}`))
			req.Header.Set("X-User", "u1")
			s.HandleAdd(httptest.NewRecorder(), req)
		}()
	}
	wg.Wait()
	if got := s.Prices(context.Background(), []cart.Item{{ProductID: "p1"}}); len(got) != 1 {
		t.Errorf("Prices = %v, want one price", got)
	}
}
