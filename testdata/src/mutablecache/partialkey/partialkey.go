// Package partialkey caches clients per configuration.
package partialkey

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

type Config struct {
	Host    string
	Port    int
	TLS     bool
	Timeout time.Duration
}

type Client struct {
	addr    string
	tls     bool
	timeout time.Duration
}

func newClient(cfg *Config) *Client {
	c := &Client{addr: cfg.Host + ":" + strconv.Itoa(cfg.Port), tls: cfg.TLS}
	setTimeout(c, cfg)
	return c
}

func setTimeout(c *Client, cfg *Config) {
	c.timeout = cfg.Timeout
}

func newPlainClient(cfg *Config) *Client {
	return &Client{addr: cfg.Host + ":" + strconv.Itoa(cfg.Port)}
}

// Pool keys clients by address only, but builds them from TLS and Timeout
// too: a TLS config gets the plain client made first.
type Pool struct {
	mu      sync.Mutex
	clients map[string]*Client
}

func (p *Pool) Get(cfg *Config) *Client {
	key := fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[key]; ok {
		return c
	}
	c := newClient(cfg)
	p.clients[key] = c // want `cache Pool.clients is keyed by cfg.Host and cfg.Port, but newClient builds the entry from cfg.TLS, cfg.Timeout too, which the key leaves out`
	return c
}

// PlainPool builds clients from the address alone: the key is complete.
type PlainPool struct {
	mu      sync.Mutex
	clients map[string]*Client
}

func (p *PlainPool) Get(cfg *Config) *Client {
	key := cfg.Host + ":" + strconv.Itoa(cfg.Port)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[key]; ok {
		return c
	}
	c := newPlainClient(cfg)
	p.clients[key] = c
	return c
}

// FullPool keys by the whole configuration.
type FullPool struct {
	mu      sync.Mutex
	clients map[Config]*Client
}

func (p *FullPool) Get(cfg *Config) *Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[*cfg]; ok {
		return c
	}
	c := newClient(cfg)
	p.clients[*cfg] = c
	return c
}

// KeyedPool keys by every field the client is built from.
type KeyedPool struct {
	mu      sync.Mutex
	clients map[string]*Client
}

func (p *KeyedPool) Get(cfg *Config) *Client {
	key := fmt.Sprintf("%s:%d:%t:%s", cfg.Host, cfg.Port, cfg.TLS, cfg.Timeout)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[key]; ok {
		return c
	}
	c := newClient(cfg)
	p.clients[key] = c
	return c
}

type User struct {
	ID   int64
	Name string
}

type Greeter struct {
	mu     sync.Mutex
	byUser map[int64]string
}

func greeting(u *User) string { return fmt.Sprintf("hello %s (%d)", u.Name, u.ID) }

// Greet keys by one identifying field: the other fields are the entity's
// attributes, not a fingerprint that misses one.
func (g *Greeter) Greet(u *User) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s, ok := g.byUser[u.ID]; ok {
		return s
	}
	s := greeting(u)
	g.byUser[u.ID] = s
	return s
}
