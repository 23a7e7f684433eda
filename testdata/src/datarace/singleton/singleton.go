// Package singleton publishes strategy values that every user shares.
package singleton

import "sync"

// Strategy plans an assignment.
type Strategy interface {
	Plan(members []string) map[string]int
}

// Sticky is the one sticky strategy every consumer group uses.
var Sticky Strategy = &sticky{}

type sticky struct {
	moves map[string]int
}

// Plan keeps the moves of this plan in the shared value.
func (s *sticky) Plan(members []string) map[string]int {
	s.moves = map[string]int{} // want `s.moves is written with no lock in sticky.Plan, but Sticky, the value of this type the package publishes, is shared by all its users`
	for i, m := range members {
		s.moves[m] = i
	}
	return s.moves
}

// RoundRobin is shared too, but plans in local variables.
var RoundRobin Strategy = &roundRobin{}

type roundRobin struct{ name string }

// Plan assigns members in turn.
func (r *roundRobin) Plan(members []string) map[string]int {
	out := map[string]int{}
	for i, m := range members {
		out[m] = i
	}
	return out
}

// Range is shared and guards what it keeps.
var Range Strategy = &ranges{}

type ranges struct {
	mu   sync.Mutex
	last map[string]int
}

// Plan assigns members in order and remembers the plan under the lock.
func (r *ranges) Plan(members []string) map[string]int {
	out := map[string]int{}
	for i, m := range members {
		out[m] = i
	}
	r.mu.Lock()
	r.last = out
	r.mu.Unlock()
	return out
}

// NewSticky makes a strategy of the caller's own: not shared.
func NewSticky() Strategy { return &sticky{} }
