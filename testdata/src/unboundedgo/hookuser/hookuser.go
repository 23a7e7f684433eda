// Package hookuser replaces hooklib's hooks.
package hookuser

import (
	"fmt"
	"sync"

	"unboundedgo/hooklib"
)

func printBar(line string) {
	hooklib.OutMu.Lock()
	defer hooklib.OutMu.Unlock()
	fmt.Println(line)
}

func StartProgress() {
	hooklib.Printf = func(format string, a ...any) { // want `the function stored in hooklib.Printf locks hooklib.OutMu, but Fprint \(hooklib.go:21\) calls hooklib.Printf with hooklib.OutMu already held, so that call blocks forever`
		printBar(fmt.Sprintf(format, a...))
	}
	// Notify runs with no lock held: taking OutMu in it is fine.
	hooklib.Notify = func(msg string) { printBar(msg) }
}

// Plain replaces Printf with a function that takes no lock.
func Plain() {
	hooklib.Printf = func(format string, a ...any) { fmt.Printf("> "+format, a...) }
}

var (
	mu      sync.Mutex
	onFlush func()
	onStart func()
)

func flush() {
	mu.Lock()
	onFlush()
	mu.Unlock()
	onStart()
}

func Configure() {
	onFlush = func() { // want `the function stored in onFlush locks mu, but flush \(hookuser.go:38\) calls onFlush with mu already held`
		mu.Lock()
		defer mu.Unlock()
	}
	onStart = func() {
		mu.Lock()
		defer mu.Unlock()
	}
}
