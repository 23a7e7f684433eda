// Package cgo calls C, so loading it needs a C compiler.
package cgo

// static int add(int a, int b) { return a + b; }
import "C"

import "sync"

var (
	mu    sync.Mutex
	total int
)

// Add adds n to the total through C.
func Add(n int) int {
	mu.Lock()
	defer mu.Unlock()
	total = int(C.add(C.int(total), C.int(n)))
	return total
}
