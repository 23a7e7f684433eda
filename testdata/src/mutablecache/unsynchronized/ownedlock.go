package unsynchronized

import (
	"net/http"
	"sync"
)

// Geo has a mutex, but its handler never takes it.
type Geo struct {
	mu    sync.Mutex
	cache map[string]string
}

func (g *Geo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ip := r.Header.Get("X-Forwarded-For")
	c, ok := g.cache[ip]
	if !ok {
		c = lookupCountry(ip)
		g.cache[ip] = c // want `cache Geo\.cache gets an entry for every distinct key` `Geo\.ServeHTTP writes cache Geo\.cache from a net/http handler, which runs once per request at the same time, with no lock on any path to it; .* so take Geo's mutex around it, as the struct intends`
	}
	w.Write([]byte(c))
}

// Zones takes its mutex in a helper the handler calls.
type Zones struct {
	mu    sync.Mutex
	cache map[string]string
}

func (z *Zones) lookup(ip string) string {
	z.mu.Lock()
	defer z.mu.Unlock()
	c, ok := z.cache[ip]
	if !ok {
		c = lookupCountry(ip)
		z.cache[ip] = c // want `cache Zones\.cache gets an entry for every distinct key`
	}
	return c
}

func (z *Zones) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(z.lookup(r.Header.Get("X-Forwarded-For"))))
}
