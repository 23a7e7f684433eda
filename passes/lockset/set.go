package lockset

import (
	"slices"
	"strings"
)

// Mode is how a lock is held.
type Mode int8

// The lock modes. Released marks, in a function's exit state, a lock the
// function released without acquiring it: its caller held it.
const (
	Released  Mode = -1
	Shared    Mode = 1 // RLock
	Exclusive Mode = 2 // Lock
)

// Set is the set of locks certainly held at a point, by path. A Set is never
// modified once shared: the transfer functions copy before they change it.
type Set map[Path]Mode

// Held reports whether lock is held in at least mode.
func (s Set) Held(lock Path, mode Mode) bool { return s[lock] >= mode }

// Any reports whether some lock is held.
func (s Set) Any() bool {
	for _, m := range s {
		if m > 0 {
			return true
		}
	}
	return false
}

func (s Set) with(lock Path, mode Mode) Set {
	out := make(Set, len(s)+1)
	for k, v := range s {
		out[k] = v
	}
	out[lock] = mode
	return out
}

func (s Set) without(lock Path) Set {
	if _, ok := s[lock]; !ok {
		return s
	}
	out := make(Set, len(s))
	for k, v := range s {
		if k != lock {
			out[k] = v
		}
	}
	return out
}

// meet keeps what both sets hold, in the weaker mode: a lock is certainly
// held after a join only if every path into it holds it. A nil Set is the
// state of an unreached point and meets as the identity.
func meet(a, b Set) Set {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := Set{}
	for k, m := range a {
		n, ok := b[k]
		if !ok {
			continue
		}
		switch {
		case m == Released && n == Released:
			out[k] = Released
		case m > 0 && n > 0:
			out[k] = min(m, n)
		}
	}
	return out
}

func equal(a, b Set) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for k, m := range a {
		if n, ok := b[k]; !ok || n != m {
			return false
		}
	}
	return true
}

func (s Set) String() string {
	var parts []string
	for k, m := range s {
		switch m {
		case Shared:
			parts = append(parts, "R"+k.String())
		case Exclusive:
			parts = append(parts, k.String())
		case Released:
			parts = append(parts, "-"+k.String())
		}
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, " ") + "}"
}
