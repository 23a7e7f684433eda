package leak

import "time"

// batcher drains its timer the pre-1.23 way: once the loop has received
// the tick, Stop returns false and the drain waits for a value that never
// comes.
type batcher struct {
	timer *time.Timer
	queue chan int
	full  bool
}

func (b *batcher) flushEarly() {
	if b.full {
		if !b.timer.Stop() {
			<-b.timer.C // want `since Go 1.23 a receive from b.timer.C after Stop never gets a value`
		}
		b.timer.Reset(time.Second)
	}
}

// flushSafe drains without blocking.
func (b *batcher) flushSafe() {
	if !b.timer.Stop() {
		select {
		case <-b.timer.C:
		default:
		}
	}
	b.timer.Reset(time.Second)
}

// resetOnly relies on Go 1.23's Reset, which discards a stale tick.
func (b *batcher) resetOnly() {
	b.timer.Stop()
	b.timer.Reset(time.Second)
}

// otherChannel waits on a different channel after a failed Stop.
func (b *batcher) otherChannel(t *time.Timer) {
	if !t.Stop() {
		<-b.queue
	}
}
