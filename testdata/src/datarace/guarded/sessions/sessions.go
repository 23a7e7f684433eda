// Package sessions keeps user sessions behind a mutex.
package sessions

import (
	"fmt"
	"log"
	"net/http"
	"noreturn/exits"
	"sync"
	"time"
)

type Store struct {
	mu       sync.RWMutex
	sessions map[string]time.Time
	evicted  int
	ttl      time.Duration // set once in New, read everywhere
	// Owner is exported so that the gateway touches it.
	//msvclint:guardedby mu
	Owner string
}

func New(ttl time.Duration) *Store {
	s := &Store{ttl: ttl}
	s.sessions = map[string]time.Time{}
	return s
}

func (s *Store) Touch(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = time.Now().Add(s.ttl)
}

func (s *Store) Valid(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	exp, ok := s.sessions[id]
	return ok && time.Now().Before(exp)
}

func (s *Store) Evict() {
	s.mu.Lock()
	for id, exp := range s.sessions {
		if time.Now().After(exp) {
			s.evictLocked(id)
		}
	}
	s.mu.Unlock()
}

// evictLocked expects s.mu held by its caller.
func (s *Store) evictLocked(id string) {
	delete(s.sessions, id)
	s.evicted++
}

// ServeHTTP reports the number of sessions, concurrently.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Refresh(r.URL.Path)
	fmt.Fprintln(w, s.Len(), s.TTL(), s.evictedCount())
}

// evictedCount reads evicted after ServeHTTP's call of Refresh took and
// released s.mu: a read after a helper that synchronizes is taken for a
// protocol step (lazy initialization), and not reported. (Evict may still
// write it meanwhile: a race this rule gives up for precision.)
func (s *Store) evictedCount() int {
	return s.evicted
}

// Snapshot is exported but nothing here runs it concurrently: an inferred
// guard is not enforced.
func (s *Store) Snapshot() map[string]time.Time {
	return s.sessions
}

func (s *Store) Has(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.sessions[id]
	return ok
}

func (s *Store) Clear() {
	s.mu.Lock()
	clear(s.sessions)
	s.mu.Unlock()
}

// Len reads without the lock.
func (s *Store) Len() int {
	return len(s.sessions) // want `s.sessions is read without s.mu held, but s.mu guards it in 16 of 19 accesses and Store.Touch may write it at the same time`
}

// Refresh writes under the read lock.
func (s *Store) Refresh(id string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.sessions[id]; ok {
		s.sessions[id] = time.Now().Add(s.ttl) // want `s.sessions is written with only s.mu.RLock held`
	}
}

// TTL reads a field no lock guards.
func (s *Store) TTL() time.Duration { return s.ttl }

// SetOwner holds the lock.
func (s *Store) SetOwner(o string) {
	s.mu.Lock()
	s.Owner = o
	s.mu.Unlock()
}

// owner is unexported and not concurrent: an inferred guard is not
// enforced here, but the annotation is.
func (s *Store) owner() string {
	return s.Owner // want `s.Owner is read without s.mu held but annotated //msvclint:guardedby mu`
}

// Ticker has a single writer goroutine that reads its own writes unlocked.
type Ticker struct {
	mu   sync.Mutex
	last time.Time
}

func (t *Ticker) Run() {
	for range time.Tick(time.Second) {
		t.mu.Lock()
		t.last = time.Now()
		t.mu.Unlock()
		if time.Since(t.last) > time.Minute { // only this goroutine writes last
			return
		}
	}
}

func (t *Ticker) Last() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

func (t *Ticker) Age() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(t.last)
}

func StartTicker() *Ticker {
	t := &Ticker{}
	go t.Run()
	return t
}

// ClaimOwner gives up the lock only on a path that exits the process, so the
// write after it still holds the lock.
func (s *Store) ClaimOwner(owner string) {
	s.mu.Lock()
	if owner == "" {
		s.mu.Unlock()
		log.Fatal("sessions: empty owner")
	}
	s.Owner = owner
	s.mu.Unlock()
}

// ClaimOwnerHelper exits through another package's helper: ctrlflow's facts
// prove that exits.Die never returns, so the write after it holds the lock.
func (s *Store) ClaimOwnerHelper(owner string) {
	s.mu.Lock()
	if owner == "" {
		s.mu.Unlock()
		exits.Die("sessions: empty owner")
	}
	s.Owner = owner
	s.mu.Unlock()
}
