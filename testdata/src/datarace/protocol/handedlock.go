package protocol

import "sync"

// Broker connects in a goroutine that holds the lock Open took, and fills
// its metrics there. Fetch reads them after send has waited for the lock,
// but a Close and a second Open may refill them while a Fetch that began
// before reads them (sarama's fetch meters): the lock Fetch took does not
// cover the read.
type Broker struct {
	lock  sync.Mutex
	rate  *int
	size  *int
	conn  int
	ready chan struct{}
}

// Open hands its lock to the connecting goroutine.
func (b *Broker) Open() {
	b.lock.Lock()
	go func() {
		defer func() {
			b.lock.Unlock()
		}()
		r, n := 0, 0
		b.rate = &r // want `b.rate is written by the goroutine started in Broker.Open while Broker.Fetch reads it`
		b.size = &n // want `b.size is written by the goroutine started in Broker.Open while Broker.Peek reads it`
		b.conn = 1
	}()
}

func (b *Broker) send() error {
	b.lock.Lock()
	defer b.lock.Unlock()
	b.conn++
	return nil
}

// Fetch counts after the send, outside the lock.
func (b *Broker) Fetch() error {
	defer func() {
		if b.rate != nil {
			*b.rate++
		}
	}()
	return b.send()
}

// Peek reads the size before any send: nothing orders it after the fill.
func (b *Broker) Peek() int {
	if b.size == nil {
		return 0
	}
	return *b.size
}
