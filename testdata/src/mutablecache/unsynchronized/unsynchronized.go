package unsynchronized

import (
	"net/http"
	"sync"
)

func lookupCountry(ip string) string { return ip }

var countries = map[string]string{}

// Country is an HTTP handler: it runs once per request, at the same time.
func Country(w http.ResponseWriter, r *http.Request) {
	ip := r.Header.Get("X-Forwarded-For")
	c, ok := countries[ip]
	if !ok {
		c = lookupCountry(ip)
		countries[ip] = c // want `cache countries gets an entry for every distinct key` `Country writes cache countries from a net/http handler, which runs once per request at the same time, with no lock`
	}
	w.Write([]byte(c))
}

var (
	mu     sync.Mutex
	cities = map[string]string{}
)

// City locks around the cache.
func City(w http.ResponseWriter, r *http.Request) {
	ip := r.Header.Get("X-Forwarded-For")
	mu.Lock()
	defer mu.Unlock()
	c, ok := cities[ip]
	if !ok {
		c = lookupCountry(ip)
		cities[ip] = c // want `cache cities gets an entry for every distinct key`
	}
	w.Write([]byte(c))
}

var regions sync.Map

// Region uses a sync.Map.
func Region(w http.ResponseWriter, r *http.Request) {
	ip := r.Header.Get("X-Forwarded-For")
	v, ok := regions.Load(ip)
	if !ok {
		v = lookupCountry(ip)
		regions.Store(ip, v) // want `cache regions gets an entry for every distinct key`
	}
	w.Write([]byte(v.(string)))
}

// Resolver is guarded by its own mutex, held by the callers of fill.
type Resolver struct {
	mu    sync.Mutex
	cache map[string]string
}

func (rs *Resolver) fill(ip string) string {
	c, ok := rs.cache[ip]
	if !ok {
		c = lookupCountry(ip)
		rs.cache[ip] = c // want `cache Resolver\.cache gets an entry for every distinct key`
	}
	return c
}

func (rs *Resolver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rs.mu.Lock()
	c := rs.fill(r.Header.Get("X-Forwarded-For"))
	rs.mu.Unlock()
	w.Write([]byte(c))
}

var warm = map[string]string{}

// Warm runs in one background goroutine, the map's only user.
func Warm(ips []string) {
	go func() {
		for _, ip := range ips {
			if _, ok := warm[ip]; !ok {
				warm[ip] = lookupCountry(ip)
			}
		}
	}()
}
