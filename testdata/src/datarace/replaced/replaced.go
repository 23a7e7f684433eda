// Package replaced holds servers that a reload replaces while the
// goroutine serving the old one still reads the variable.
package replaced

import (
	"net"
	"net/http"
	"strings"
	"sync"
)

var adminServer *http.Server

// Reload stops the admin server and serves a new one.
func Reload(ln net.Listener) {
	if adminServer != nil {
		adminServer.Close()
	}
	adminServer = &http.Server{}
	go func() {
		adminServer.Serve(ln) // want `the goroutine started in Reload reads adminServer, which Reload replaces on every call`
	}()
}

var metricsServer *http.Server

// ReloadMetrics hands the new server to its goroutine.
func ReloadMetrics(ln net.Listener) {
	if metricsServer != nil {
		metricsServer.Close()
	}
	srv := &http.Server{}
	metricsServer = srv
	go func() {
		srv.Serve(ln)
	}()
}

var debugServer *http.Server

// StartDebug runs once: nothing says a previous server exists.
func StartDebug(ln net.Listener) {
	debugServer = &http.Server{}
	go func() {
		debugServer.Serve(ln)
	}()
}

// Proxy replaces its upstream listener on every Restart.
type Proxy struct {
	ln net.Listener
}

// Restart closes the old listener and accepts on a new one.
func (p *Proxy) Restart(addr string) error {
	if p.ln != nil {
		p.ln.Close()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	p.ln = ln
	go p.accept()
	return nil
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept() // want `the goroutine started in Proxy.Restart reads p.ln, which Proxy.Restart replaces on every call`
		if err != nil {
			return
		}
		c.Close()
	}
}

// Guarded swaps its listener under the lock its goroutine takes too.
type Guarded struct {
	mu sync.Mutex
	ln net.Listener
}

// Restart closes the old listener and accepts on a new one.
func (g *Guarded) Restart(ln net.Listener) {
	g.mu.Lock()
	if g.ln != nil {
		g.ln.Close()
	}
	g.ln = ln
	g.mu.Unlock()
	go func() {
		g.mu.Lock()
		l := g.ln
		g.mu.Unlock()
		l.Accept()
	}()
}

var cleaner chan struct{}

// StartCleaner starts the cleaner once, when none runs yet.
func StartCleaner() {
	if cleaner == nil {
		cleaner = make(chan struct{})
		go func() {
			<-cleaner
		}()
	}
}

// TLS wraps its listener: the old value is built into the new one.
type TLS struct {
	ln net.Listener
}

// Wrap wraps the listener and serves on the wrapped one.
func (t *TLS) Wrap(wrap func(net.Listener) net.Listener) {
	t.ln = wrap(t.ln)
	go func() {
		t.ln.Accept()
	}()
}

// Pool wakes its cleaner on a reload, and starts it only when none runs:
// the channel is made once, when found nil.
type Pool struct {
	mu      sync.Mutex
	cleaner chan struct{}
}

// Reload wakes or starts the cleaner.
func (p *Pool) Reload() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cleaner != nil {
		select {
		case p.cleaner <- struct{}{}:
		default:
		}
	}
	if p.cleaner == nil {
		p.cleaner = make(chan struct{}, 1)
		go p.clean()
	}
}

func (p *Pool) clean() {
	for range p.cleaner {
	}
}

// March rebuilds its transforms on every Run, but Run waits for its
// workers before it returns: the next Run cannot overlap them.
type March struct {
	transforms []func(string) string
}

func (m *March) init(lower bool) {
	if lower {
		m.transforms = append(m.transforms, strings.ToLower)
	}
	if !lower {
		m.transforms = append(m.transforms, strings.ToUpper)
	}
}

func (m *March) key(n string) string {
	for _, t := range m.transforms {
		n = t(n)
	}
	return n
}

// Run keys names with workers it waits for.
func (m *March) Run(in chan string, lower bool) {
	m.init(lower)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for n := range in {
				_ = m.key(n)
			}
		})
	}
	wg.Wait()
}
