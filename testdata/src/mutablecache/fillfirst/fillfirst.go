// Package fillfirst keeps write-through caches over backing stores, some
// of which fill the cache before the store has the data.
package fillfirst

import "sync"

// Log is one entry.
type Log struct {
	Index uint64
	Data  []byte
}

// Store persists logs.
type Store interface {
	GetLog(idx uint64, log *Log) error
	StoreLogs(logs []*Log) error
	DeleteRange(min, max uint64) error
}

// LogCache serves recent logs from a ring buffer and the rest from store.
type LogCache struct {
	mu    sync.RWMutex
	cache []*Log
	store Store
}

// GetLog reads through the cache.
func (c *LogCache) GetLog(idx uint64, log *Log) error {
	c.mu.RLock()
	cached := c.cache[idx%uint64(len(c.cache))]
	c.mu.RUnlock()
	if cached != nil && cached.Index == idx {
		*log = *cached
		return nil
	}
	return c.store.GetLog(idx, log)
}

// StoreLogs caches first and keeps the entries when the store fails.
func (c *LogCache) StoreLogs(logs []*Log) error {
	c.mu.Lock()
	for _, l := range logs {
		c.cache[l.Index%uint64(len(c.cache))] = l // want `LogCache.StoreLogs puts entries into c.cache before c.store.StoreLogs writes them, and keeps them when that write fails`
	}
	c.mu.Unlock()
	return c.store.StoreLogs(logs)
}

// SafeCache writes the store first.
type SafeCache struct {
	mu    sync.Mutex
	cache map[uint64]*Log
	store Store
}

// GetLog reads through the cache.
func (c *SafeCache) GetLog(idx uint64, log *Log) error {
	c.mu.Lock()
	cached, ok := c.cache[idx]
	c.mu.Unlock()
	if ok {
		*log = *cached
		return nil
	}
	return c.store.GetLog(idx, log)
}

// StoreLogs fills the cache only once the store has the logs.
func (c *SafeCache) StoreLogs(logs []*Log) error {
	if err := c.store.StoreLogs(logs); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range logs {
		c.cache[l.Index] = l
	}
	return nil
}

// DeleteRange drops the whole cache before deleting: a failed delete
// leaves nothing stale behind.
func (c *SafeCache) DeleteRange(min, max uint64) error {
	c.mu.Lock()
	c.cache = map[uint64]*Log{}
	c.mu.Unlock()
	return c.store.DeleteRange(min, max)
}

// Journal records what it forwards, but never reads its record back in
// place of the store: it is a log of calls, not a cache.
type Journal struct {
	seen  map[uint64]bool
	store Store
}

// StoreLogs notes each index and forwards.
func (j *Journal) StoreLogs(logs []*Log) error {
	for _, l := range logs {
		j.seen[l.Index] = true
	}
	return j.store.StoreLogs(logs)
}
