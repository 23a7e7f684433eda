package handover

import (
	"sync"
	"testing"
)

// TestRelayOwn starts goroutines on a relay of its own: exported methods
// that other callers run on their relays never see it.
func TestRelayOwn(t *testing.T) {
	var v any = NewRelay()
	r := v.(*Relay)
	r.Start()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.mu.Lock()
			r.seen["x"] = 1
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	if r.Count("x") != 1 {
		t.Fatal("count")
	}
}

// TestDefaultRelay writes the package's shared relay from a goroutine,
// without its lock, while any caller may be counting on it.
func TestDefaultRelay(t *testing.T) {
	done := make(chan bool)
	go func() {
		Default.seen["d"] = 1 // want `Default.seen is read without Default.mu held`
		close(done)
	}()
	<-done
}

// TestParts fills a producer's transaction from a goroutine: nothing
// outside the test can commit that producer while it does.
func TestParts(t *testing.T) {
	handed := make(chan *Producer, 1)
	handed <- NewProducer().(*Producer)
	p := <-handed
	done := make(chan bool)
	go func() {
		p.txn.mu.Lock()
		p.txn.parts["b"] = true
		p.txn.mu.Unlock()
		close(done)
	}()
	<-done
}
