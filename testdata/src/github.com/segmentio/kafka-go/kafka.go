// Package kafka is a test stub of github.com/segmentio/kafka-go.
package kafka

import "context"

type Message struct{ Key, Value []byte }

type Reader struct{}

func (r *Reader) ReadMessage(ctx context.Context) (Message, error)  { return Message{}, nil }
func (r *Reader) FetchMessage(ctx context.Context) (Message, error) { return Message{}, nil }
