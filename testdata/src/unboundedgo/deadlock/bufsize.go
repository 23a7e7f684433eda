package deadlock

import (
	"sync"
	"sync/atomic"
)

func check(s string) error { return nil }

// CheckAll sizes its error buffer by the hosts but starts a checker per
// address, and waits before it reads.
func CheckAll(hosts, addrs []string) []error {
	errs := make(chan error, len(hosts)) // want `errs has len\(hosts\) slots, but a goroutine per item of addrs sends on it and the function waits for them before it receives`
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- check(a)
		}()
	}
	wg.Wait()
	close(errs)
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

// CheckEach sizes the buffer by the collection it ranges over.
func CheckEach(addrs []string) []error {
	errs := make(chan error, len(addrs))
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- check(a)
		}()
	}
	wg.Wait()
	close(errs)
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

// CheckDrained reads while the goroutines run, then waits.
func CheckDrained(hosts, addrs []string) []error {
	errs := make(chan error, len(hosts))
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- check(a)
		}()
	}
	var out []error
	for range addrs {
		out = append(out, <-errs)
	}
	wg.Wait()
	return out
}

// RunQueue's workers drain the queue they refill, and are a fixed count.
func RunQueue(nodes []int, workers int) {
	ready := make(chan int, len(nodes))
	for _, n := range nodes {
		ready <- n
	}
	var remaining atomic.Int32
	remaining.Store(int32(len(nodes)))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range ready {
				if n > 0 {
					ready <- n - 1
				}
				if remaining.Add(-1) == 0 {
					close(ready)
				}
			}
		}()
	}
	wg.Wait()
}
