// Package handover holds accesses that the goroutine and exported-function
// contexts of a package order without a lock of their own: helpers run
// under a lock their callers hold, work counted in flight by a WaitGroup,
// and goroutines of tests on the tests' own objects.
package handover

import (
	"net"
	"sync"
)

// Broker connects in a goroutine that it hands its lock to.
type Broker struct {
	lock sync.Mutex
	conn net.Conn
	auth Auth
}

// Auth authenticates a broker's fresh connection.
type Auth struct{ Name string }

// Authorize runs only inside Open's goroutine, under the lock Open takes:
// other packages cannot take b.lock, so it is the package's helper.
func (a *Auth) Authorize(b *Broker) error {
	_, err := b.conn.Write([]byte(a.Name))
	return err
}

// Open connects in the background, holding b.lock until it is done.
func (b *Broker) Open(addr string) {
	b.lock.Lock()
	go func() {
		defer b.lock.Unlock()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		b.conn = c
		_ = b.auth.Authorize(b)
	}()
}

// Close drops the connection.
func (b *Broker) Close() error {
	b.lock.Lock()
	defer b.lock.Unlock()
	if b.conn == nil {
		return nil
	}
	err := b.conn.Close()
	b.conn = nil
	return err
}

// Addr is the connection's local address.
func (b *Broker) Addr() net.Addr {
	b.lock.Lock()
	defer b.lock.Unlock()
	return b.conn.LocalAddr()
}

// Pool hands out brokers.
type Pool struct {
	mu    sync.Mutex
	peers map[string]*Peer
}

// Peer is one remote end of a pool.
type Peer struct{ addr string }

// Drop is exported and reached through a parameter too, but Prune calls it
// without the pool's lock: the package itself breaks the discipline.
func Drop(p *Pool, addr string) {
	delete(p.peers, addr) // want `p.peers is written without p.mu held`
}

// Add registers a peer.
func (p *Pool) Add(addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.peers[addr] = &Peer{addr: addr}
}

// Lookup finds a peer.
func (p *Pool) Lookup(addr string) *Peer {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peers[addr]
}

// Prune drops a peer.
func (p *Pool) Prune(addr string) {
	p.mu.Lock()
	n := len(p.peers)
	p.mu.Unlock()
	if n > 0 {
		Drop(p, addr)
	}
}
