// Package syntax has a syntax error: an unclosed parameter list.
package syntax

import "sync"

var mu sync.Mutex

func Handle(n int {
	mu.Lock()
	go func() { mu.Unlock() }()
}
