// Package roundtrip wraps HTTP transports; a client runs RoundTrip once
// per request, concurrently.
package roundtrip

import (
	"net/http"
	"sync"
)

// fallback remembers the last host that needed plain HTTP.
type fallback struct {
	super http.RoundTripper
	host  string
}

func (f *fallback) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.host != r.URL.Host {
		resp, err := f.super.RoundTrip(r)
		if err == nil {
			return resp, nil
		}
	}
	f.host = r.URL.Host // want `f.host is written without a lock in a RoundTrip method`
	plain := *r
	return f.super.RoundTrip(&plain)
}

// lockedFallback remembers it under a lock.
type lockedFallback struct {
	super http.RoundTripper
	mu    sync.Mutex
	host  string
}

func (f *lockedFallback) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.host = r.URL.Host
	f.mu.Unlock()
	return f.super.RoundTrip(r)
}

// header adds a header to a clone of each request.
type header struct {
	super http.RoundTripper
	key   string
}

func (h header) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set(h.key, "1")
	return h.super.RoundTrip(r2)
}

// Client builds a client over the transports.
func Client(t http.RoundTripper) *http.Client {
	return &http.Client{Transport: &fallback{super: &lockedFallback{super: header{super: t}}}}
}
