//go:build go1.21

// Package loopvar is built with Go 1.21 semantics: a loop has one variable
// for all its iterations.
package loopvar

import (
	"fmt"
	"sync"
)

func Notify(users []string) {
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("notify", u) // want `u is the loop's single variable \(Go before 1.22\)`
		}()
	}
	wg.Wait()
}

func NotifyArg(users []string) {
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			fmt.Println("notify", u)
		}(u)
	}
	wg.Wait()
}

func NotifyCopy(users []string) {
	var wg sync.WaitGroup
	for i := 0; i < len(users); i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("notify", users[i])
		}()
	}
	wg.Wait()
}

// NotifyEach waits in the iteration: the loop variable is stable meanwhile.
func NotifyEach(users []string) {
	for _, u := range users {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("notify", u)
		}()
		wg.Wait()
	}
}
