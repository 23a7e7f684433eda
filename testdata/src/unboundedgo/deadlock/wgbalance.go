package deadlock

import (
	"errors"
	"sync"
)

type broker struct{ id int }

func find(id int) (*broker, error) {
	if id < 0 {
		return nil, errors.New("no broker")
	}
	return &broker{id}, nil
}

// DescribeAll adds before the lookup that can fail: a failed lookup skips
// the goroutine, and Wait never returns.
func DescribeAll(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1) // want `this wg.Add has a path to wg.Wait that starts no goroutine and calls no Done`
		b, err := find(id)
		if err != nil {
			continue
		}
		go func() {
			defer wg.Done()
			_ = b.id
		}()
	}
	wg.Wait()
}

// DescribeChecked adds only once the goroutine is sure to start.
func DescribeChecked(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		b, err := find(id)
		if err != nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = b.id
		}()
	}
	wg.Wait()
}

// DescribeDone balances the skipped item with its own Done.
func DescribeDone(ids []int) {
	wg := &sync.WaitGroup{}
	for _, id := range ids {
		wg.Add(1)
		b, err := find(id)
		if err != nil {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			_ = b.id
		}()
	}
	wg.Wait()
}

// DescribeBatch adds for every item up front; each item starts its
// goroutine on every path.
func DescribeBatch(ids []int) {
	var wg sync.WaitGroup
	wg.Add(len(ids))
	for _, id := range ids {
		go func() {
			defer wg.Done()
			_, _ = find(id)
		}()
	}
	wg.Wait()
}

// DescribeFixed adds a constant count up front for a loop of that many
// goroutines; only the loop's impossible zero-trip path skips them.
func DescribeFixed() {
	const n = 4
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			_, _ = find(i)
		}()
	}
	wg.Wait()
}

// DescribeHelper hands the WaitGroup to a helper that may call Done.
func DescribeHelper(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		if id < 0 {
			skip(&wg)
			continue
		}
		go work(&wg, id)
	}
	wg.Wait()
}

func skip(wg *sync.WaitGroup) { wg.Done() }

func work(wg *sync.WaitGroup, id int) {
	defer wg.Done()
	_, _ = find(id)
}

// DescribeReturn returns on the failure without waiting: no Wait is
// reached on that path.
func DescribeReturn(ids []int) error {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		b, err := find(id)
		if err != nil {
			return err
		}
		go func() {
			defer wg.Done()
			_ = b.id
		}()
	}
	wg.Wait()
	return nil
}

// FetchAll's goroutines call Done only when the fetch succeeds.
func FetchAll(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			b, err := find(id)
			if err != nil {
				return // want `this path leaves the goroutine without calling wg.Done`
			}
			_ = b
			wg.Done()
		}()
	}
	wg.Wait()
}

// FetchDeferred defers Done: every path calls it.
func FetchDeferred(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := find(id); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// FetchBoth calls Done on each path by hand.
func FetchBoth(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if _, err := find(id); err != nil {
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Nested waits for the group inside one of its own goroutines.
func Nested(ids []int) {
	var wg sync.WaitGroup
	for range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wg.Wait() // want `this goroutine waits for wg, whose counter includes the goroutine's own Done`
		}()
	}
	wg.Wait()
}

// Workers mark each request done, skipping none: the counter counts
// requests, not goroutines.
func Workers(reqs chan int, n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < 4; i++ {
		go func() {
			for r := range reqs {
				if _, err := find(r); err != nil {
					wg.Done()
					continue
				}
				wg.Done()
			}
		}()
	}
	wg.Wait()
}
