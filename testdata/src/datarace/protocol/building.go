package protocol

import (
	"errors"
	"sync"
)

type Conn struct {
	mu      sync.Mutex
	addr    string
	mutate  func(string) string
	pending int
}

// Dial builds a connection in a named result that every error return sets
// to nil and one return replaces, with a deferred call: the object is still its own until it is
// returned, so setting its hook needs no lock.
func Dial(addr string, proxy bool) (c *Conn, err error) {
	c = &Conn{addr: addr}
	done := make(chan struct{})
	defer close(done)
	if addr == "" {
		return nil, errors.New("no address")
	}
	if addr == "h2" {
		return &Conn{addr: addr}, nil // a second object, returned on its own
	}
	if proxy {
		c.mutate = func(s string) string { return "proxy " + s }
	}
	go c.watch(done)
	return c, nil
}

func (c *Conn) watch(done chan struct{}) {
	<-done
}

func (c *Conn) Send(s string) {
	c.mu.Lock()
	fn := c.mutate
	c.pending++
	c.mu.Unlock()
	if fn != nil {
		s = fn(s)
	}
	_ = s
}

func (c *Conn) SetProxy(fn func(string) string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mutate = fn
}

// Close clears the hook without the lock Send reads it under.
func (c *Conn) Close() {
	c.mu.Lock()
	c.pending = 0
	c.mu.Unlock()
	c.mutate = nil // want `c.mutate is written without c.mu held, but c.mu guards it in 2 of 3 accesses and Conn.SetProxy may write it at the same time`
}
