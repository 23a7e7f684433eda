package handover

import "sync"

// Producer counts every message in inFlight from the moment dispatch takes
// it until its batch is answered; Commit waits for all of them.
type Producer struct {
	inFlight sync.WaitGroup
	input    chan string
	txn      *Txn
}

// Txn is the current transaction.
type Txn struct {
	mu      sync.Mutex
	parts   map[string]bool
	pending map[string]bool
}

// Sender is what a producer offers its callers.
type Sender interface{ Send(m string) }

// NewProducer makes a producer, not started.
func NewProducer() Sender {
	return &Producer{input: make(chan string), txn: &Txn{parts: map[string]bool{}, pending: map[string]bool{}}}
}

// Start starts the producer's dispatcher.
func (p *Producer) Start() {
	go p.dispatch()
}

func (p *Producer) dispatch() {
	batches := make(chan string, 64)
	acks := make(chan string, 64)
	go p.sender(batches, acks)
	defer close(batches)
	for {
		select {
		case m, ok := <-p.input:
			if !ok {
				return
			}
			if m == "" {
				p.inFlight.Done() // the commit marker
				continue
			}
			p.inFlight.Add(1)
			batches <- m
		case <-acks:
			p.inFlight.Done()
		}
	}
}

// sender answers each batch on acks, which dispatch counts done.
func (p *Producer) sender(batches <-chan string, acks chan<- string) {
	for m := range batches {
		p.txn.mu.Lock()
		p.txn.pending[m] = true
		p.txn.mu.Unlock()
		p.txn.mu.Lock()
		p.txn.parts[m] = true
		delete(p.txn.pending, m)
		p.txn.mu.Unlock()
		acks <- m
	}
}

// Send queues a message.
func (p *Producer) Send(m string) {
	p.input <- m
}

// Commit waits for the messages in flight, then starts a new transaction.
func (p *Producer) Commit() {
	p.inFlight.Add(1)
	p.input <- ""
	p.inFlight.Wait()
	p.txn.parts = map[string]bool{}
	p.txn.pending = map[string]bool{}
}

// Relay has a WaitGroup too, but its forwarder never marks it done: the
// wait in Reset does not wait for the forwarder's writes.
type Relay struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	seen  map[string]int
	input chan string
}

// NewRelay makes a relay.
func NewRelay() *Relay {
	return &Relay{seen: map[string]int{}, input: make(chan string)}
}

// Default is the relay every caller shares.
var Default = NewRelay()

// Start starts the relay's forwarder.
func (r *Relay) Start() {
	go r.forward()
}

func (r *Relay) forward() {
	for m := range r.input {
		r.mu.Lock()
		r.seen[m]++
		r.mu.Unlock()
	}
}

// Count reads one count.
func (r *Relay) Count(m string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[m]
}

// Reset waits for its own helpers, which the forwarder is not one of.
func (r *Relay) Reset() {
	r.wg.Wait()
	r.seen = map[string]int{} // want `r.seen is written without r.mu held`
}
