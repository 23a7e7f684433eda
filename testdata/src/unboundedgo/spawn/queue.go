package spawn

import (
	"context"

	"github.com/segmentio/kafka-go"
)

func apply(m kafka.Message) {}

// readLoop starts a goroutine per Kafka message.
func readLoop(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		go apply(m) // want `once per message read by r.ReadMessage`
	}
}

// readLoopPool hands messages to a fixed pool instead.
func readLoopPool(ctx context.Context, r *kafka.Reader) error {
	work := make(chan kafka.Message)
	defer close(work)
	for range 8 {
		go func() {
			for m := range work {
				apply(m)
			}
		}()
	}
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		work <- m
	}
}

func drain(ch <-chan Msg) {
	for range ch {
	}
}

// firstMatch starts one goroutine, then returns: once per call, not per
// message.
func firstMatch(msgs <-chan Msg, pred func(Msg) bool) bool {
	for m := range msgs {
		if pred(m) {
			go drain(msgs)
			return true
		}
	}
	return false
}
