// Package store keeps cluster state behind a mutex and hands it out.
package store

import (
	"sort"
	"sync"
)

type Nodes struct {
	mu     sync.RWMutex
	active []string
	byName map[string]int
	seeds  []string
	peers  []string
}

// Addrs hands out the active list itself, which GC truncates and refills.
func (n *Nodes) Addrs() []string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.active // want `Nodes.Addrs returns the slice active itself, read under the lock, and the package changes its contents in place under that lock; the caller reads it after the lock is released while they change, so return slices.Clone of it`
}

// Index hands out the map, which Add writes.
func (n *Nodes) Index() map[string]int {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.byName // want `Nodes.Index returns the map byName itself`
}

// Seeds hands out a list that is only ever replaced: copy on write.
func (n *Nodes) Seeds() []string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.seeds
}

// Peers returns a copy.
func (n *Nodes) Peers() []string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	out := make([]string, len(n.peers))
	copy(out, n.peers)
	return out
}

func (n *Nodes) GC(live map[string]bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.active = n.active[:0]
	for a := range live {
		n.active = append(n.active, a)
	}
	n.seeds = []string{"x"}
	sort.Strings(n.peers)
}

func (n *Nodes) Add(name string) {
	n.mu.Lock()
	n.byName[name] = len(n.byName)
	n.mu.Unlock()
}
