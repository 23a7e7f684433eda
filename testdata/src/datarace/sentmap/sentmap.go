// Package sentmap hands maps to a goroutine that writes them to disk.
package sentmap

import (
	"encoding/json"
	"maps"
	"os"
	"sync"
)

// Store keeps resolver data and saves every change in the background.
type Store struct {
	lock  sync.Mutex
	data  map[string]string
	saves chan map[string]string
}

// NewStore starts the saver.
func NewStore(file string) *Store {
	s := &Store{data: map[string]string{}, saves: make(chan map[string]string)}
	go func() {
		for m := range s.saves {
			b, _ := json.Marshal(m)
			os.WriteFile(file, b, 0o600)
		}
	}()
	return s
}

// Save records a value and hands the live map to the saver.
func (s *Store) Save(k, v string) {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.data[k] = v
	s.saves <- s.data // want `s.data is sent on a channel as it is, while the package writes into it under a lock`
}

// Copying hands the saver a copy of its map.
type Copying struct {
	lock  sync.Mutex
	data  map[string]string
	saves chan map[string]string
}

// Save records a value and hands a copy to the saver.
func (s *Copying) Save(k, v string) {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.data[k] = v
	s.saves <- maps.Clone(s.data)
}

// Drain receives what Save sends.
func (s *Copying) Drain() map[string]string { return <-s.saves }

// Swapping replaces its map on every change: what it sent is never written
// again.
type Swapping struct {
	lock  sync.Mutex
	data  map[string]string
	saves chan map[string]string
}

// Save replaces the map with one holding the new value.
func (s *Swapping) Save(k, v string) {
	s.lock.Lock()
	defer s.lock.Unlock()
	next := maps.Clone(s.data)
	next[k] = v
	s.data = next
	s.saves <- s.data
}

// Drain receives what Save sends.
func (s *Swapping) Drain() map[string]string { return <-s.saves }
