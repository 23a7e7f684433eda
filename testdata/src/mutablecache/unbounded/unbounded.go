package unbounded

import (
	"net/http"
	"sync"
)

func render(key string) []byte { return []byte(key) }

// Thumbs caches rendered thumbnails by request path, forever.
type Thumbs struct {
	mu    sync.Mutex
	cache map[string][]byte
}

func (t *Thumbs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	t.mu.Lock()
	img, ok := t.cache[key]
	if !ok {
		img = render(key)
		t.cache[key] = img // want `cache Thumbs.cache gets an entry for every distinct key a client sends and never drops one`
	}
	t.mu.Unlock()
	w.Write(img)
}

// Bounded evicts when it grows past a limit.
type Bounded struct {
	mu    sync.Mutex
	cache map[string][]byte
}

func (b *Bounded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("q")
	b.mu.Lock()
	defer b.mu.Unlock()
	img, ok := b.cache[key]
	if !ok {
		if len(b.cache) > 1000 {
			clear(b.cache)
		}
		img = render(key)
		b.cache[key] = img
	}
	w.Write(img)
}

// Tenants is keyed by the server's own configuration, not by requests.
type Tenants struct {
	mu     sync.Mutex
	cache  map[string][]byte
	tenant string
}

func (t *Tenants) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	page, ok := t.cache[t.tenant]
	if !ok {
		page = render(t.tenant)
		t.cache[t.tenant] = page
	}
	w.Write(page)
}
