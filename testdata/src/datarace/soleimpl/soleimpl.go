// Package soleimpl calls its collaborators through interfaces that only
// one type of the package ever implements in that field.
package soleimpl

// Reader holds merged configuration values.
type Reader interface {
	Merge(kv map[string]string)
	Value(key string) string
}

type reader struct{ values map[string]string }

func newReader() Reader { return &reader{values: map[string]string{}} }

func (r *reader) Merge(kv map[string]string) {
	merged := map[string]string{}
	for k, v := range r.values {
		merged[k] = v
	}
	for k, v := range kv {
		merged[k] = v
	}
	r.values = merged // want `r.values is read by the goroutine started in Config.Load while another goroutine started in Config.Load writes it`
}

func (r *reader) Value(key string) string { return r.values[key] }

// Config watches its sources and merges what they send.
type Config struct {
	reader  Reader
	sources []chan map[string]string
}

// New makes a config.
func New(sources ...chan map[string]string) *Config {
	return &Config{reader: newReader(), sources: sources}
}

// Load starts a watcher per source; each merges into the one reader.
func (c *Config) Load() {
	for _, src := range c.sources {
		go c.watch(src)
	}
}

func (c *Config) watch(src chan map[string]string) {
	for kv := range src {
		c.reader.Merge(kv)
	}
}

// Store is given one of two kinds of backend: a call through it may reach
// either, and neither is followed, so the two goroutines' Put calls below
// go unreported. That is a limit of the rule, kept here so that a change
// to it is seen.
type Store struct {
	backend Backend
	feed    chan string
}

// Backend keeps keys.
type Backend interface{ Put(k string) }

type memory struct{ keys []string }

func (m *memory) Put(k string) { m.keys = append(m.keys, k) }

type disk struct{ keys []string }

func (d *disk) Put(k string) { d.keys = append(d.keys, k) }

// NewStore picks the backend.
func NewStore(onDisk bool) *Store {
	s := &Store{feed: make(chan string)}
	if onDisk {
		s.backend = &disk{}
	} else {
		s.backend = &memory{}
	}
	return s
}

// Run applies the feed in two goroutines.
func (s *Store) Run() {
	for range 2 {
		go func() {
			for k := range s.feed {
				s.backend.Put(k)
			}
		}()
	}
}
