// Package selfwrite serves requests whose handler fills shared fields
// under a lock: the handler runs beside itself, so an unlocked read meets
// another request's locked write.
package selfwrite

import (
	"net/http"
	"sync"
)

type keyVals struct {
	keys, vals []string
}

// server checks, unlocked, what it then fills under its lock.
type server struct {
	mu     sync.Mutex
	labels keyVals
	hits   int
	info   *string
	paths  map[string]int
}

func (s *server) fill(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.labels = keyVals{keys: []string{"path"}, vals: []string{r.URL.Path}}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(s.labels.keys) == 0 { // want `s.labels.keys is read without a lock in server.ServeHTTP, which runs beside itself, while another call writes s.labels under s.mu`
		s.fill(r)
	}
	s.mu.Lock()
	s.hits++
	n := s.hits
	s.mu.Unlock()
	if n%100 == 0 {
		s.report(w)
	}
	s.lazyInfo()
	w.Write([]byte(*s.info))
}

// report reads the counter under the lock.
func (s *server) report(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.hits
	w.WriteHeader(http.StatusOK)
}

// lazyInfo initializes info once, testing it under the lock: every read
// after the call sees the one write.
func (s *server) lazyInfo() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.info == nil {
		v := "ready"
		s.info = &v
	}
}

// perRequest builds its own object: no other call sees it.
type perRequest struct {
	mu   sync.Mutex
	seen map[string]bool
	last string
}

func handle(w http.ResponseWriter, r *http.Request) {
	p := &perRequest{seen: map[string]bool{}}
	p.mu.Lock()
	p.last = r.URL.Path
	p.mu.Unlock()
	w.Write([]byte(p.last))
}

// Mux registers the handlers.
func Mux() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("/", &server{paths: map[string]int{}})
	m.HandleFunc("/own", handle)
	return m
}
