package handover

import "sync"

// Cluster watches keys; every Monitor call loads a key and starts a
// watcher for it.
type Cluster struct {
	lock   sync.Mutex
	values map[string]string
	events chan string
}

// Monitor loads key under the lock and watches it: the watcher an earlier
// Monitor started reads values while this call writes them.
func (c *Cluster) Monitor(key string) {
	c.lock.Lock()
	c.values[key] = ""
	c.lock.Unlock()
	go c.watch(key)
}

func (c *Cluster) watch(key string) {
	for ev := range c.events {
		if _, ok := c.values[key]; ok { // want `c.values is read without c.lock held`
			c.lock.Lock()
			c.values[key] = ev
			c.lock.Unlock()
		}
	}
}

// Index is built by its constructor, which waits for the goroutines it
// starts before anyone else can see the index.
type Index struct {
	lock  sync.Mutex
	terms map[string]int
}

// NewIndex builds an index of words.
func NewIndex(words []string) *Index {
	x := &Index{terms: map[string]int{}}
	x.build(words)
	return x
}

func (x *Index) build(words []string) {
	x.lock.Lock()
	for _, w := range words {
		x.terms[w] = 0
	}
	x.lock.Unlock()
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = x.terms[w]
		}()
	}
	wg.Wait()
}

// Lookup counts a term.
func (x *Index) Lookup(w string) int {
	x.lock.Lock()
	defer x.lock.Unlock()
	return x.terms[w]
}
