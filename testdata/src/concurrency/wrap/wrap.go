// Package wrap has goroutine helpers that callers elsewhere use.
package wrap

import (
	"errors"
	"net"
	"sync"
)

func Go(f func()) { // want Go:`spawnsArg\[0\]`
	go func() {
		defer func() { _ = recover() }()
		f()
	}()
}

func GoNamed(name string, f func()) { // want GoNamed:`spawnsArg\[1\]`
	go f()
}

// Run calls f on the caller's goroutine: not a spawner.
func Run(f func()) { f() }

// Later starts something else, not its parameter.
func Later(f func()) {
	go other()
}

func other() {}

// ForEach runs f for every item at once and returns when all have run.
func ForEach(items []int, f func(int)) { // want ForEach:`spawnsArg\[1\] joined`
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(it)
		}()
	}
	wg.Wait()
}

// ForEachEarly can return while its goroutines still run.
func ForEachEarly(items []int, f func(int)) error { // want ForEachEarly:`spawnsArg\[1\]$`
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(it)
		}()
		if it < 0 {
			return errors.New("negative item")
		}
	}
	wg.Wait()
	return nil
}

// GoSafe hands its function to another wrapper: a wrapper too.
func GoSafe(f func()) { // want GoSafe:`spawnsArg\[0\]`
	GoNamed("safe", f)
}

// RunAll hands each function to a wrapper that waits: joined too.
func RunAll(f func(int)) { // want RunAll:`spawnsArg\[0\] joined`
	ForEach([]int{1, 2}, f)
}

// Serve starts a goroutine per connection its caller's listener accepts.
func Serve(l net.Listener, h func(net.Conn)) error { // want Serve:`spawnsArg\[1\]` Serve:`acceptSpawner\(0\)`
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go h(c)
	}
}

// ServeLimited takes a slot before each connection's goroutine.
func ServeLimited(l net.Listener, slots chan struct{}) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		slots <- struct{}{}
		go func() {
			defer func() { <-slots }()
			c.Close()
		}()
	}
}
