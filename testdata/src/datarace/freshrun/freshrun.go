// Package freshrun runs work on objects its callers have just made: a
// goroutine that signals its end on a channel from a deferred func, and a
// helper that takes a new object or makes one on a later turn. Nobody else
// can reach the object, so the exported methods that lock do not run
// beside these reads.
package freshrun

import "sync"

// B is one run of a body; its methods lock because bodies call them from
// their own goroutines.
type B struct {
	mu      sync.Mutex
	skipped bool
	output  []byte
	signal  chan bool
	body    func(*B)
}

// SkipNow marks the run skipped.
func (b *B) SkipNow() {
	b.mu.Lock()
	b.skipped = true
	b.mu.Unlock()
}

// Skipped reports whether the run was skipped.
func (b *B) Skipped() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.skipped
}

// Log appends to the run's output.
func (b *B) Log(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.output = append(b.output, s...)
}

// Output returns a copy of the output.
func (b *B) Output() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.output...)
}

// run1 runs the body once in its own goroutine, which signals from a
// deferred func whether the body returns or exits; the read after the
// receive sees what the body wrote.
func (b *B) run1() bool {
	go func() {
		defer func() { b.signal <- true }()
		b.body(b)
	}()
	<-b.signal
	return !b.skipped
}

// Run runs f on a new B: nobody but run1's goroutine holds it.
func (b *B) Run(f func(*B)) bool {
	sub := &B{signal: make(chan bool), body: f}
	if sub.run1() {
		sub.rerun()
	}
	return true
}

func (b *B) rerun() { report(b, 2, 3) }

// report reads each run's output once it is over: the first run is the
// caller's new B, the later ones are made here.
func report(b *B, procs, count int) int {
	total := 0
	for i := 0; i < procs; i++ {
		for j := 0; j < count; j++ {
			if i > 0 || j > 0 {
				b = &B{signal: make(chan bool), body: b.body}
				b.run1()
			}
			total += len(b.output)
		}
	}
	return total
}

// Again runs the body on b itself, which the goroutines that called Run
// on it, and its own body, hold: SkipNow may run beside the read.
func (b *B) Again() bool {
	go func() {
		defer func() { b.signal <- true }()
		b.body(b)
	}()
	<-b.signal
	return !b.skipped // want `b.skipped is read without b.mu held, but b.mu guards it in 2 of 3 accesses and B.SkipNow may write it at the same time`
}

// Report reads the output of b, which its callers share, while Log may
// append to it.
func (b *B) Report() int { return length(b, nil) }

// length reads the output of b, or of a new B when b is nil.
func length(b *B, body func(*B)) int {
	if b == nil {
		b = &B{signal: make(chan bool), body: body}
	}
	return len(b.output) // want `b.output is read without b.mu held, but b.mu guards it in 3 of 5 accesses and B.Log may write it at the same time`
}
