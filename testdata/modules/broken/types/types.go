// Package types parses but does not type-check.
package types

import "sync"

// Counter is meant to be shared between goroutines.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Add returns the wrong type.
func (c *Counter) Add(d int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += d
	return "total"
}
