// Package collector exports metrics through Prometheus collectors, whose
// Collect the registry runs once per scrape, concurrently.
package collector

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

type metric struct{ d *prometheus.Desc }

func (m metric) Desc() *prometheus.Desc { return m.d }

// scopes caches one description per scope, filled during Collect.
type scopes struct {
	names []string
	descs map[string]*prometheus.Desc
}

func (s *scopes) Describe(ch chan<- *prometheus.Desc) {}

func (s *scopes) Collect(ch chan<- prometheus.Metric) {
	for _, n := range s.names {
		d, ok := s.descs[n]
		if !ok {
			d = &prometheus.Desc{Name: n}
			s.descs[n] = d // want `s.descs is written without a lock in a Prometheus collector`
		}
		ch <- metric{d}
	}
}

// lockedScopes fills the same cache under its lock.
type lockedScopes struct {
	mu    sync.Mutex
	names []string
	descs map[string]*prometheus.Desc
}

func (s *lockedScopes) Describe(ch chan<- *prometheus.Desc) {}

func (s *lockedScopes) Collect(ch chan<- prometheus.Metric) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.names {
		d, ok := s.descs[n]
		if !ok {
			d = &prometheus.Desc{Name: n}
			s.descs[n] = d
		}
		ch <- metric{d}
	}
}

// perScrape builds its descriptions afresh on every scrape.
type perScrape struct{ names []string }

func (s *perScrape) Describe(ch chan<- *prometheus.Desc) {}

func (s *perScrape) Collect(ch chan<- prometheus.Metric) {
	descs := map[string]*prometheus.Desc{}
	for _, n := range s.names {
		descs[n] = &prometheus.Desc{Name: n}
		ch <- metric{descs[n]}
	}
}

// Register registers the collectors.
func Register(r prometheus.Registerer) {
	r.Register(&scopes{descs: map[string]*prometheus.Desc{}})
	r.Register(&lockedScopes{descs: map[string]*prometheus.Desc{}})
	r.Register(&perScrape{})
}
