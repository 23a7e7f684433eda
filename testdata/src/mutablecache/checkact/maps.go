// Package checkact holds caches whose lookup and fill are two critical
// sections of one lock (positives) and the safe forms that look like them
// (negatives).
//
// Reported: the fill takes the lock again after the lookup released it,
// also when the lock is taken through helpers, when the fill or the lookup
// sits in a literal called in place, when the key is computed twice the
// same way, and in every round of a loop.
//
// Silent, and why:
//   - the fill re-checks the key after taking the write lock (a double
//     check): the second caller finds the first one's value;
//   - the lookup and the fill are one critical section, also when the hit
//     path unlocks and returns early;
//   - a helper that runs under its caller's lock takes no lock of its own:
//     one critical section again, the caller's;
//   - the fill runs under sync.Once or singleflight, which run it once at a
//     time: a duplicate cannot start;
//   - a store of another key, and a function that stores without looking
//     the key up first (not a check at all);
//   - a lookup no branch tests (Replace): it checks nothing;
//   - a lookup of an earlier round of a loop whose key changes each round;
//   - for sync.Map (syncmap.go): LoadOrStore, a Store that follows a
//     LoadOrStore claim, and Swap, which replaces on purpose.
//
// A fill of data (numbers, strings, slices, maps, structs of them) is not
// reported: both callers compute the same and the race costs only the
// duplicate work. An object with its own state (a lock, an atomic, a
// channel), a resource with a Close method, or an interface has an
// identity: the first caller keeps an object the cache no longer holds. A lookup made without any lock is left to datarace, whose
// remedy (take the lock) comes first.
package checkact

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Profile is an object with its own state that callers share: two fills
// make two of them.
type Profile struct {
	mu    sync.Mutex
	Name  string
	Score int
}

func load(k string) *Profile { return &Profile{Name: k, Score: len(k)} }

// Profiles caches profiles by name behind a read-write lock.
type Profiles struct {
	mu    sync.RWMutex
	byKey map[string]*Profile
	once  sync.Once
	group singleflight.Group
}

// Get is the shape the rule exists for: the lookup's read lock is released
// before the load, and the fill takes the write lock afresh.
func (c *Profiles) Get(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = load(k)
	c.mu.Lock()
	c.byKey[k] = v // want `Profiles.Get fills cache Profiles.byKey after taking c.mu again, outside the critical section where the key was looked up; two callers can both miss and both fill the key, the second overwriting the value the first already returned, so re-check the key after taking the write lock, or use singleflight`
	c.mu.Unlock()
	return v
}

// EarlyUnlock looks up under the write lock and unlocks on the hit path,
// then unlocks on the miss path too before loading.
func (c *Profiles) EarlyUnlock(k string) *Profile {
	c.mu.Lock()
	if v, ok := c.byKey[k]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()
	v := load(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byKey[k] = v // want `Profiles.EarlyUnlock fills cache Profiles.byKey after taking c.mu again`
	return v
}

// Upper fills with a cheap, deterministic value: still two fills of one
// key, still reported.
func (c *Profiles) Upper(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if !ok {
		c.mu.Lock()
		c.byKey[k] = &Profile{Name: strings.ToUpper(k)} // want `Profiles.Upper fills cache Profiles.byKey after taking c.mu again`
		c.mu.Unlock()
	}
	return v
}

// ByID formats its key twice; both are the same key.
func (c *Profiles) ByID(id int) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[strconv.Itoa(id)]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = load(strconv.Itoa(id))
	c.mu.Lock()
	c.byKey[strconv.Itoa(id)] = v // want `Profiles.ByID fills cache Profiles.byKey after taking c.mu again`
	c.mu.Unlock()
	return v
}

// InClosure fills inside a literal it calls in place: the literal is part
// of its flow.
func (c *Profiles) InClosure(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = load(k)
	func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.byKey[k] = v // want `Profiles.InClosure fills cache Profiles.byKey after taking c.mu again`
	}()
	return v
}

// LookupInClosure looks up inside a literal it calls in place.
func (c *Profiles) LookupInClosure(k string) *Profile {
	var v *Profile
	var ok bool
	func() {
		c.mu.RLock()
		defer c.mu.RUnlock()
		v, ok = c.byKey[k]
	}()
	if ok {
		return v
	}
	v = load(k)
	c.mu.Lock()
	c.byKey[k] = v // want `Profiles.LookupInClosure fills cache Profiles.byKey after taking c.mu again`
	c.mu.Unlock()
	return v
}

// Helpers takes the lock through helpers of its own.
func (c *Profiles) Helpers(k string) *Profile {
	c.rlock()
	v, ok := c.byKey[k]
	c.runlock()
	if ok {
		return v
	}
	v = load(k)
	c.lock()
	c.byKey[k] = v // want `Profiles.Helpers fills cache Profiles.byKey after taking c.mu again`
	c.unlock()
	return v
}

func (c *Profiles) rlock()   { c.mu.RLock() }
func (c *Profiles) runlock() { c.mu.RUnlock() }
func (c *Profiles) lock()    { c.mu.Lock() }
func (c *Profiles) unlock()  { c.mu.Unlock() }

// DoubleChecked re-checks after taking the write lock: safe.
func (c *Profiles) DoubleChecked(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.byKey[k]; ok {
		return v
	}
	v = load(k)
	c.byKey[k] = v
	return v
}

// DoubleCheckedEarlyUnlock re-checks with an explicit unlock on the hit.
func (c *Profiles) DoubleCheckedEarlyUnlock(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = load(k)
	c.mu.Lock()
	if old, ok := c.byKey[k]; ok {
		c.mu.Unlock()
		return old
	}
	c.byKey[k] = v
	c.mu.Unlock()
	return v
}

// OneSection looks up and fills under one hold of the lock.
func (c *Profiles) OneSection(k string) *Profile {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.byKey[k]
	if !ok {
		v = load(k)
		c.byKey[k] = v
	}
	return v
}

// OneSectionEarlyReturn unlocks only on the hit path; the miss path fills
// under the same hold.
func (c *Profiles) OneSectionEarlyReturn(k string) *Profile {
	c.mu.Lock()
	if v, ok := c.byKey[k]; ok {
		c.mu.Unlock()
		return v
	}
	v := load(k)
	c.byKey[k] = v
	c.mu.Unlock()
	return v
}

// Locked runs its lookup and fill under the lock its caller holds.
func (c *Profiles) Locked(keys []string) []*Profile {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Profile, 0, len(keys))
	for _, k := range keys {
		out = append(out, c.getLocked(k))
	}
	return out
}

func (c *Profiles) getLocked(k string) *Profile {
	if v, ok := c.byKey[k]; ok {
		return v
	}
	v := load(k)
	c.byKey[k] = v
	return v
}

// Flight fills inside singleflight: concurrent misses of one key share the
// one load.
func (c *Profiles) Flight(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	r, _, _ := c.group.Do(k, func() (interface{}, error) {
		c.mu.RLock()
		v, ok := c.byKey[k]
		c.mu.RUnlock()
		if ok {
			return v, nil
		}
		v = load(k)
		c.mu.Lock()
		c.byKey[k] = v
		c.mu.Unlock()
		return v, nil
	})
	return r.(*Profile)
}

// Default fills its one entry under sync.Once.
func (c *Profiles) Default() *Profile {
	c.once.Do(func() {
		c.mu.RLock()
		_, ok := c.byKey[""]
		c.mu.RUnlock()
		if !ok {
			v := load("default")
			c.mu.Lock()
			c.byKey[""] = v
			c.mu.Unlock()
		}
	})
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.byKey[""]
}

// Folded looks up one key and fills another.
func (c *Profiles) Folded(k string) *Profile {
	c.mu.RLock()
	v, ok := c.byKey[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = load(k)
	c.mu.Lock()
	c.byKey[strings.ToLower(k)] = v
	c.mu.Unlock()
	return v
}

// Refresh stores without looking the key up: not a check.
func (c *Profiles) Refresh(k string) {
	v := load(k)
	c.mu.Lock()
	c.byKey[k] = v
	c.mu.Unlock()
}

// Bump reads the old entry only to build the new one, under the fill's
// own lock after the check's: that read is the re-check.
func (c *Profiles) Bump(k string) *Profile {
	c.mu.RLock()
	_, ok := c.byKey[k]
	c.mu.RUnlock()
	if !ok {
		return &Profile{}
	}
	fresh := load(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.byKey[k]
	fresh.Score += old.Score
	c.byKey[k] = fresh
	return fresh
}

// Warm checks and fills key by key: each round is the same race.
func (c *Profiles) Warm(keys []string) {
	for _, k := range keys {
		c.mu.RLock()
		_, ok := c.byKey[k]
		c.mu.RUnlock()
		if ok {
			continue
		}
		v := load(k)
		c.mu.Lock()
		c.byKey[k] = v // want `Profiles.Warm fills cache Profiles.byKey after taking c.mu again`
		c.mu.Unlock()
	}
}

// Verify fills each key, then reads it back: going back from a fill, the
// lookup of the previous round was of another key.
func (c *Profiles) Verify(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		c.byKey[k] = load(k)
		c.mu.Unlock()
		c.mu.RLock()
		_, ok := c.byKey[k]
		c.mu.RUnlock()
		if !ok {
			panic("lost " + k)
		}
	}
}

// Replace refreshes an entry and hands back the one it saw: no branch tests
// that lookup, so it is not a check, and each caller stores a fresh value.
func (c *Profiles) Replace(k string) (old *Profile) {
	c.mu.RLock()
	old = c.byKey[k]
	c.mu.RUnlock()
	v := load(k)
	c.mu.Lock()
	c.byKey[k] = v
	c.mu.Unlock()
	return old
}

// flight is a hand-written singleflight, as go-zero's syncx.SingleFlight:
// one call per key at a time.
type flight struct{}

func (flight) Do(key string, fn func() (any, error)) (any, error) { return fn() }

// Conns fills inside a keyed runner: one caller per key gets there.
type Conns struct {
	mu     sync.Mutex
	flight flight
	conns  map[string]*Profile
}

func (c *Conns) Take(k string) (*Profile, error) {
	v, err := c.flight.Do(k, func() (any, error) {
		c.mu.Lock()
		p, ok := c.conns[k]
		c.mu.Unlock()
		if ok {
			return p, nil
		}
		p = load(k)
		c.mu.Lock()
		c.conns[k] = p
		c.mu.Unlock()
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Profile), nil
}
