package protocol

import "sync"

// Once runs a function that may fail until it first succeeds, like
// sync.Once for errors.
type Once struct {
	m    sync.Mutex
	done bool
}

// Do runs f unless an earlier call succeeded.
func (o *Once) Do(f func() error) error {
	o.m.Lock()
	defer o.m.Unlock()
	if o.done {
		return nil
	}
	err := f()
	o.done = err == nil
	return err
}

// infoCache loads its table once, through Once.
type infoCache struct {
	once  Once
	table map[string]int
}

// Get loads the table on first use and returns it.
func (c *infoCache) Get() map[string]int {
	_ = c.once.Do(func() error {
		c.table = map[string]int{"a": 1}
		return nil
	})
	return c.table
}

// Lookup runs Get from goroutines: the fill is initialization under Once.
func (c *infoCache) Lookup(keys []string) {
	for _, k := range keys {
		go func() { _ = c.Get()[k] }()
	}
}

// Sub delivers messages on one of two channels, whichever the caller asks
// for first: both start their goroutine under the same Once.
type Sub struct {
	chOnce sync.Once
	last   string
	msgs   chan string
	all    chan any
}

// Channel starts the message goroutine.
func (s *Sub) Channel() <-chan string {
	s.chOnce.Do(func() {
		s.msgs = make(chan string)
		go func() {
			s.last = "msg"
			s.msgs <- s.last
		}()
	})
	return s.msgs
}

// ChannelAll starts the other goroutine instead, never both.
func (s *Sub) ChannelAll() <-chan any {
	s.chOnce.Do(func() {
		s.all = make(chan any)
		go func() {
			s.last = "any"
			s.all <- s.last
		}()
	})
	return s.all
}
