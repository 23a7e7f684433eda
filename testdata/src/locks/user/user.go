// Package user calls a lock helper of another package: the Summary fact
// travels.
package user

import "locks/basic"

type Wrapper struct {
	c     basic.Cache
	count int
}

func (w *Wrapper) Touch() {
	w.c.Lock2()   // want `held: none`
	w.count++     // want `held: w.c.mu W`
	w.c.Unlock2() // want `held: w.c.mu W`
	w.count--     // want `held: none`
}
