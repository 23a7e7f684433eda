package captured

import (
	"context"
	"sync"

	"github.com/panjf2000/ants/v2"
)

// PoolPrices writes a shared map from every task it submits to the pool:
// the pool's workers run them at once.
func PoolPrices(ctx context.Context, p *ants.Pool, items []Item) map[string]int {
	prices := map[string]int{}
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		_ = p.Submit(func() {
			defer wg.Done()
			pr, _ := fetchPrice(ctx, it.SKU)
			prices[it.SKU] = pr // want `map prices is written by every goroutine this loop starts, without a lock`
		})
	}
	wg.Wait()
	return prices
}

// PoolPricesLocked takes a lock around the write.
func PoolPricesLocked(ctx context.Context, p *ants.Pool, items []Item) map[string]int {
	prices := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		_ = p.Submit(func() {
			defer wg.Done()
			pr, _ := fetchPrice(ctx, it.SKU)
			mu.Lock()
			prices[it.SKU] = pr
			mu.Unlock()
		})
	}
	wg.Wait()
	return prices
}
