package returned

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// Product is a catalog entry.
type Product struct {
	ID   int64
	Name string
	Tags []string
}

// Settings is loaded once and shared read-only by every request.
//
//msvclint:immutable
type Settings struct {
	Flags map[string]bool
}

// Counter is an object built to be shared: it carries its own lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func newCounter(name string) *Counter { return &Counter{n: len(name)} }

// Catalog caches what the product service returns.
type Catalog struct {
	mu       sync.RWMutex
	tags     map[string][]string
	prices   map[string]map[string]int
	byID     map[int64]*Product
	names    map[int64]string
	settings map[string]*Settings
	counters map[string]*Counter
	loadTags func(ctx context.Context, category string) ([]string, error)
	loadID   func(ctx context.Context, id int64) (*Product, error)

	loadPrices   func(ctx context.Context, category string) map[string]int
	loadSettings func(tenant string) *Settings
}

func (c *Catalog) Tags(ctx context.Context, category string) ([]string, error) {
	c.mu.RLock()
	tags, ok := c.tags[category]
	c.mu.RUnlock()
	if ok {
		return tags, nil // want `Catalog.Tags returns the \[\]string slice held in cache Catalog.tags without copying it; a caller that writes to it changes the value every other caller reads, so return slices.Clone of it`
	}
	tags, err := c.loadTags(ctx, category)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.tags[category] = tags
	c.mu.Unlock()
	return tags, nil // want `Catalog.Tags returns the \[\]string slice held in cache Catalog.tags`
}

// TagsCopy is the right way: callers get their own copy.
func (c *Catalog) TagsCopy(category string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	tags := c.tags[category]
	return slices.Clone(tags)
}

// TagsAppendCopy copies with the append idiom.
func (c *Catalog) TagsAppendCopy(category string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]string(nil), c.tags[category]...)
}

// TagsCopied copies with the builtin copy.
func (c *Catalog) TagsCopied(category string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	src := c.tags[category]
	out := make([]string, len(src))
	copy(out, src)
	return out
}

func (c *Catalog) Prices(ctx context.Context, category string) map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.prices[category]; ok {
		return p // want `Catalog.Prices returns the map\[string\]int map held in cache Catalog.prices`
	}
	p := c.loadPrices(ctx, category)
	c.prices[category] = p
	return maps.Clone(p)
}

func (c *Catalog) Product(ctx context.Context, id int64) (*Product, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.byID[id]; ok {
		return p, nil // want `Catalog.Product returns the \*Product pointer held in cache Catalog.byID without copying it; .* so return a copy`
	}
	p, err := c.loadID(ctx, id)
	if err != nil {
		return nil, err
	}
	c.byID[id] = p
	return p, nil // want `Catalog.Product returns the \*Product pointer`
}

// ProductName returns a string: strings are immutable.
func (c *Catalog) ProductName(ctx context.Context, id int64) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.names[id]; ok {
		return n
	}
	p, err := c.loadID(ctx, id)
	if err != nil {
		return ""
	}
	c.names[id] = p.Name
	return p.Name
}

// ProductCopy returns a struct copy; the caller can no longer change the
// cached Name or Tags slice header, but its Tags still alias the cached ones.
func (c *Catalog) ProductCopy(ctx context.Context, id int64) (Product, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.byID[id]
	if !ok {
		return Product{}, false
	}
	return *p, true // want `Catalog\.ProductCopy returns a copy of the Product held in cache Catalog\.byID, but its field Tags still shares its slice with the cached one`
}

// Settings are documented as shared read-only.
func (c *Catalog) Settings(tenant string) *Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.settings[tenant]; ok {
		return s
	}
	s := c.loadSettings(tenant)
	c.settings[tenant] = s
	return s
}

// Counter hands out a self-synchronized object: that is its purpose.
func (c *Catalog) Counter(name string) *Counter {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.counters[name]; ok {
		return n
	}
	n := newCounter(name)
	c.counters[name] = n
	return n
}

// Snapshot hands out the cache map itself.
func (c *Catalog) Snapshot() map[string][]string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tags // want `Catalog.Snapshot returns the map\[string\]\[\]string map held in cache Catalog.tags`
}

// tagsLocked is internal; the exported method that hands its result out is
// where the alias escapes.
func (c *Catalog) tagsLocked(category string) []string {
	return c.tags[category]
}

func (c *Catalog) FirstTags(category string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.tagsLocked(category) // want `Catalog.FirstTags returns the \[\]string slice held in the cache behind tagsLocked`
}

// Registry is not a cache: it keeps what callers register.
type Registry struct {
	mu       sync.Mutex
	handlers map[string][]string
}

func (r *Registry) Register(name string, routes []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[name]; dup {
		panic("duplicate " + name)
	}
	r.handlers[name] = routes
}

func (r *Registry) Routes(name string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers[name]
}
