package svc

import "sync"

// Total sums xs on one goroutine per element, all writing total unguarded.
// Only the lines marked "defect: CHECK" may be reported, by that check.
func Total(xs []int) int {
	total := 0
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() { // defect: unboundedgo
			defer wg.Done()
			total += x // defect: datarace
		}()
	}
	wg.Wait()
	return total
}
