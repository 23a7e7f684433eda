// Package captured fetches prices and stock levels concurrently, with the
// captured-variable and shared map/slice races next to their safe forms.
package captured

import (
	"concurrency/wrap"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

type Item struct {
	SKU   string
	Price int
}

func fetchPrice(ctx context.Context, sku string) (int, error) { return 1, nil }
func fetchStock(ctx context.Context, sku string) (int, error) { return 1, nil }

// Quote reads err while the goroutine may still write it.
func Quote(ctx context.Context, sku string) (int, error) {
	var price int
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		price, err = fetchPrice(ctx, sku)
	}()
	if err != nil { // want `err is read here while the goroutine started on line 30 may still write it`
		return 0, err
	}
	wg.Wait()
	return price, nil // read after Wait: fine
}

// QuoteWaited reads only after Wait.
func QuoteWaited(ctx context.Context, sku string) (int, error) {
	var price int
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		price, err = fetchPrice(ctx, sku)
	}()
	wg.Wait()
	return price, err
}

// ErrReuse writes err outside while the goroutine writes it too.
func ErrReuse(ctx context.Context, sku string) (int, int, error) {
	var price, stock int
	var err error
	done := make(chan struct{})
	go func() {
		price, err = fetchPrice(ctx, sku)
		close(done)
	}()
	stock, err = fetchStock(ctx, sku) // want `err is written here while the goroutine started on line 60 may still use it`
	<-done
	return price, stock, err
}

// ChannelHandoff receives before reading: the receive orders the write.
func ChannelHandoff(ctx context.Context, sku string) (int, error) {
	var price int
	errc := make(chan error, 1)
	go func() {
		var err error
		price, err = fetchPrice(ctx, sku)
		errc <- err
	}()
	if err := <-errc; err != nil {
		return 0, err
	}
	return price, nil
}

// NamedResult returns while the goroutine may still write err.
func NamedResult(ctx context.Context, sku string) (err error) {
	go func() {
		_, err = fetchPrice(ctx, sku)
	}()
	return nil // want `err is written here while the goroutine started on line 86 may still use it`
}

// Total is written by every goroutine.
func Total(ctx context.Context, items []Item) int {
	var total int
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := fetchPrice(ctx, it.SKU)
			total += p // want `total is written by every goroutine this loop starts, without a lock`
		}()
	}
	wg.Wait()
	return total
}

// TotalLocked guards the sum.
func TotalLocked(ctx context.Context, items []Item) int {
	var mu sync.Mutex
	var total int
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := fetchPrice(ctx, it.SKU)
			mu.Lock()
			total += p
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// TotalAtomic uses an atomic counter.
func TotalAtomic(ctx context.Context, items []Item) int64 {
	var total atomic.Int64
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := fetchPrice(ctx, it.SKU)
			total.Add(int64(p))
		}()
	}
	wg.Wait()
	return total.Load()
}

// Prices writes a shared map from every goroutine.
func Prices(ctx context.Context, items []Item) map[string]int {
	prices := map[string]int{}
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error {
			p, err := fetchPrice(ctx, it.SKU)
			prices[it.SKU] = p // want `map prices is written by every goroutine this loop starts, without a lock, which can crash the process`
			return err
		})
	}
	_ = g.Wait()
	return prices
}

// Collect appends to a shared slice.
func Collect(ctx context.Context, items []Item) []int {
	var out []int
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := fetchPrice(ctx, it.SKU)
			out = append(out, p) // want `out is appended to by every goroutine this loop starts, without a lock`
		}()
	}
	wg.Wait()
	return out
}

// Indexed gives each goroutine its own element of a preallocated slice.
func Indexed(ctx context.Context, items []Item) ([]int, error) {
	out := make([]int, len(items))
	g, ctx := errgroup.WithContext(ctx)
	for i, it := range items {
		g.Go(func() error {
			p, err := fetchPrice(ctx, it.SKU)
			out[i] = p
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// PerGoroutine keeps its results local and sends them.
func PerGoroutine(ctx context.Context, items []Item) map[string]int {
	type result struct {
		sku   string
		price int
	}
	results := make(chan result)
	for _, it := range items {
		go func() {
			local := map[string]int{}
			p, _ := fetchPrice(ctx, it.SKU)
			local[it.SKU] = p
			results <- result{it.SKU, p}
		}()
	}
	prices := map[string]int{}
	for range items {
		r := <-results
		prices[r.sku] = r.price
	}
	return prices
}

// ReadBeforeWait reads the map while goroutines write it.
func ReadBeforeWait(ctx context.Context, sku string) int {
	seen := map[string]int{}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p, err := fetchPrice(ctx, sku)
		mu.Lock()
		seen[sku] = p
		mu.Unlock()
		return err
	})
	n := len(seen) // want `seen is read here while the goroutine started on line 219 writes its elements`
	_ = g.Wait()
	return n + len(seen)
}

// LockedBothSides holds one mutex on both sides.
func LockedBothSides(ctx context.Context, sku string) int {
	seen := map[string]int{}
	var mu sync.Mutex
	go func() {
		p, _ := fetchPrice(ctx, sku)
		mu.Lock()
		seen[sku] = p
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	return len(seen)
}

// OnceInit writes inside sync.Once: the Do call orders it.
func OnceInit(ctx context.Context) string {
	var once sync.Once
	var name string
	go func() {
		once.Do(func() { name = "a" })
	}()
	once.Do(func() { name = "b" })
	return name
}

// Timeout reads a flag set by time.AfterFunc.
func Timeout(ctx context.Context, sku string) (int, error) {
	timedOut := false
	t := time.AfterFunc(time.Second, func() { timedOut = true })
	p, err := fetchPrice(ctx, sku)
	if timedOut { // want `timedOut is read here while the goroutine started on line 260 may still write it`
		return 0, errors.New("timeout")
	}
	t.Stop()
	return p, err
}

// WriteBeforeGo writes before the go statement, which orders it.
func WriteBeforeGo(ctx context.Context, sku string) {
	var wg sync.WaitGroup
	price := 0
	price = 2
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = price
	}()
	wg.Wait()
	price = 3
	_ = price
}

// Branches: the read is in the other branch of the if, never after.
func Branches(ctx context.Context, sku string, async bool) int {
	var price int
	if async {
		go func() { price, _ = fetchPrice(ctx, sku) }()
	} else {
		return price
	}
	return 0
}

// OneAtATime waits in each iteration: the goroutines never overlap.
func OneAtATime(ctx context.Context, items []Item) int {
	var total int
	for _, it := range items {
		done := make(chan struct{})
		go func() {
			p, _ := fetchPrice(ctx, it.SKU)
			total += p
			close(done)
		}()
		<-done
	}
	return total
}

// joinedFanOut reads after a helper that waits for its goroutines.
func joinedFanOut(items []int) int {
	var n int
	var mu sync.Mutex
	wrap.ForEach(items, func(int) {
		mu.Lock()
		n++
		mu.Unlock()
	})
	return n
}

// earlyFanOut reads after a helper that can return before its goroutines
// end.
func earlyFanOut(items []int) int {
	var n int
	var mu sync.Mutex
	_ = wrap.ForEachEarly(items, func(int) {
		mu.Lock()
		n++
		mu.Unlock()
	})
	return n // want `n is read here while the goroutine started on line \d+ may still write it`
}
