// Package unsafeobj shares objects that are not safe for concurrent use.
package unsafeobj

import (
	"encoding/json"
	"hash"
	"hash/fnv"
	"io"
	"math/rand"
	"net/http"
	"sync"
	"sync/atomic"
)

type picker interface{ Intn(n int) int }

// Balancer picks backends for concurrent requests; its mutex says it is
// shared, and its picker is a *rand.Rand behind an interface.
type Balancer struct {
	mu       sync.RWMutex
	backends []string
	rnd      picker
}

func NewBalancer() *Balancer {
	return &Balancer{rnd: rand.New(rand.NewSource(1))}
}

func (b *Balancer) Next() string {
	b.mu.RLock()
	n := len(b.backends)
	b.mu.RUnlock()
	return b.backends[b.rnd.Intn(n)] // want `b.rnd holds a \*rand.Rand, which is not safe for concurrent use, and Balancer.Next calls its Intn with no lock held while another call of Balancer.Next may run at the same time; guard it with a mutex, or use math/rand's top-level functions`
}

// Under the read lock two readers still share the generator.
func (b *Balancer) Pick() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.backends[b.rnd.Intn(len(b.backends))] // want `b.rnd holds a \*rand.Rand`
}

// Locked draws under the write lock: one caller at a time.
type Locked struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

func (l *Locked) Draw(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rnd.Intn(n)
}

// Shard hashes keys for every request a handler serves.
type Shard struct {
	h hash.Hash32
}

func (s *Shard) serve(w http.ResponseWriter, r *http.Request) {
	s.h.Reset() // want `s.h holds a hash.Hash32, which is not safe for concurrent use, and Shard.serve calls its Reset with no lock held while another call of Shard.serve may run at the same time; make a new hash for each call`
	_, _ = io.WriteString(s.h, r.URL.Path)
	_ = s.h.Sum32()
}

func (s *Shard) Routes(mux *http.ServeMux) { mux.HandleFunc("/", s.serve) }

// Fresh hashes with a hash of each call's own.
type Fresh struct{}

func (Fresh) serve(w http.ResponseWriter, r *http.Request) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(r.URL.Path))
	_ = h.Sum32()
}

func (f Fresh) Routes(mux *http.ServeMux) { mux.HandleFunc("/fresh", f.serve) }

// Generator has no mutex: like a bufio.Writer, it is one caller's at a time.
type Generator struct{ rnd *rand.Rand }

func NewGenerator() *Generator { return &Generator{rnd: rand.New(rand.NewSource(2))} }

func (g *Generator) Next() int  { return g.rnd.Intn(10) }
func (g *Generator) Other() int { return g.rnd.Intn(20) }

// lockedSource serializes its callers, and so every Rand built on it.
type lockedSource struct {
	mu  sync.Mutex
	src rand.Source
}

func (s *lockedSource) Int63() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src.Int63()
}

func (s *lockedSource) Seed(seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.src.Seed(seed)
}

type Safe struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

func NewSafe() *Safe {
	return &Safe{rnd: rand.New(&lockedSource{src: rand.NewSource(3)})}
}

func (s *Safe) Next() int { return s.rnd.Intn(10) }

// rng is shared by every caller of the package.
var rng = rand.New(rand.NewSource(4))

func Jitter() int { return rng.Intn(100) } // want `rng holds a \*rand.Rand, which is not safe for concurrent use, and Jitter calls its Intn with no lock held while Backoff's call of Int63n may run at the same time`

func Backoff() int64 { return rng.Int63n(1000) } // want `rng holds a \*rand.Rand, which is not safe for concurrent use, and Backoff calls its Int63n`

// enc is guarded by encMu at every use.
var (
	encMu sync.Mutex
	enc   = json.NewEncoder(io.Discard)
)

func Log(v any) error {
	encMu.Lock()
	defer encMu.Unlock()
	return enc.Encode(v)
}

func Trace(v any) error {
	encMu.Lock()
	defer encMu.Unlock()
	return enc.Encode(v)
}

// Hash picks a partition by key; picks without a key go round robin, on an
// atomic counter, so Balance runs beside itself and the caller's hasher is
// shared by every call.
type Hash struct {
	turn   uint32
	Hasher hash.Hash32
}

// Balance picks a partition.
func (h *Hash) Balance(key []byte, n int) int {
	if key == nil {
		return int(atomic.AddUint32(&h.turn, 1)) % n
	}
	hasher := h.Hasher
	if hasher == nil {
		hasher = fnv.New32a()
	}
	hasher.Reset() // want `h.Hasher holds a hash.Hash32, which is not safe for concurrent use, and Hash.Balance calls its Reset`
	hasher.Write(key)
	return int(hasher.Sum32()) % n
}

// Plain has the same fallback, but nothing says its Balance runs beside
// itself: its callers serialize it.
type Plain struct {
	picks  uint32
	Hasher hash.Hash32
}

// Balance picks a partition.
func (p *Plain) Balance(key []byte, n int) int {
	if key == nil {
		p.picks++
		return int(p.picks) % n
	}
	hasher := p.Hasher
	if hasher == nil {
		hasher = fnv.New32a()
	}
	hasher.Reset()
	hasher.Write(key)
	return int(hasher.Sum32()) % n
}

// Pooled takes a hasher from a pool when the caller gives none: a pool
// exists for calls that run at the same time, so those calls all share the
// caller's hasher.
type Pooled struct {
	Hasher hash.Hash32
}

var hashers = sync.Pool{New: func() any { return fnv.New32a() }}

// Balance picks a partition.
func (p *Pooled) Balance(key []byte, n int) int {
	hasher := p.Hasher
	if hasher == nil {
		h := hashers.Get().(hash.Hash32)
		defer hashers.Put(h)
		hasher = h
	}
	hasher.Reset() // want `p.Hasher holds a hash.Hash32, which is not safe for concurrent use, and Pooled.Balance calls its Reset with no lock held while another call of Pooled.Balance may run at the same time`
	hasher.Write(key)
	return int(hasher.Sum32()) % n
}

// PooledOwn takes a hasher from the pool on every call, and never shares
// one.
type PooledOwn struct{}

// Balance picks a partition.
func (PooledOwn) Balance(key []byte, n int) int {
	hasher := hashers.Get().(hash.Hash32)
	defer hashers.Put(hasher)
	hasher.Reset()
	hasher.Write(key)
	return int(hasher.Sum32()) % n
}

// LockedHash takes its lock on the branch that uses the caller's hasher.
type LockedHash struct {
	turn   uint32
	Hasher hash.Hash32
	lock   sync.Mutex
}

// Balance picks a partition.
func (h *LockedHash) Balance(key []byte, n int) int {
	if key == nil {
		return int(atomic.AddUint32(&h.turn, 1)) % n
	}
	hasher := h.Hasher
	if hasher != nil {
		h.lock.Lock()
		defer h.lock.Unlock()
	} else {
		hasher = fnv.New32a()
	}
	hasher.Reset()
	hasher.Write(key)
	return int(hasher.Sum32()) % n
}
