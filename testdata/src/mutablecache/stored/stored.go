package stored

import (
	"context"
	"slices"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Blobs caches rendered pages.
type Blobs struct {
	mu     sync.Mutex
	pages  map[string][]byte
	render func(ctx context.Context, path string) ([]byte, error)
}

func (b *Blobs) Page(ctx context.Context, path string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.pages[path]; ok {
		return slices.Clone(p), nil
	}
	p, err := b.render(ctx, path)
	if err != nil {
		return nil, err
	}
	b.pages[path] = p
	return slices.Clone(p), nil
}

// Put lets a caller prime the cache with a page it rendered.
func (b *Blobs) Put(path string, page []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pages[path] = page // want `Blobs.Put keeps the caller's \[\]byte slice page in cache Blobs.pages without copying it; when the caller reuses or changes it, the cached entry changes under every reader, so store slices.Clone\(page\)`
}

// PutCopy is the right way.
func (b *Blobs) PutCopy(path string, page []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pages[path] = slices.Clone(page)
}

// Headers caches response headers in a bounded LRU.
type Headers struct {
	lru   *lru.Cache[string, map[string]string]
	fetch func(string) map[string]string
}

func (h *Headers) Get(url string) map[string]string {
	if v, ok := h.lru.Get(url); ok {
		return v // want `Headers.Get returns the map\[string\]string map held in cache Headers.lru`
	}
	v := h.fetch(url)
	h.lru.Add(url, v)
	return v // want `Headers.Get returns the map\[string\]string map held in cache Headers.lru`
}

func (h *Headers) Set(url string, hdr map[string]string) {
	h.lru.Add(url, hdr) // want `Headers.Set keeps the caller's map\[string\]string map hdr in cache Headers.lru without copying it`
}

// Names keeps strings: nothing to alias.
func (h *Headers) Names(url string, names string) {
	_ = names
}

var routes sync.Map // path -> []string

func Routes(path string, compute func(string) []string) []string {
	if v, ok := routes.Load(path); ok {
		return v.([]string) // want `Routes returns the \[\]string slice held in cache routes`
	}
	v := compute(path)
	routes.Store(path, v)
	return slices.Clone(v)
}

func SetRoutes(path string, rs []string) {
	routes.Store(path, rs) // want `SetRoutes keeps the caller's \[\]string slice rs in cache routes`
}
