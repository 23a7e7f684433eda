// Package pipeline builds OpenTelemetry Collector processors; receivers call
// a consumer from every request's goroutine, so one consumer runs many
// calls at once.
package pipeline

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// ProcessFunc processes a batch.
type ProcessFunc func(context.Context, ptrace.Traces) (ptrace.Traces, error)

// NewProcessor's consume function keeps the processing error in the
// constructor's err, which every concurrent call shares.
func NewProcessor(next consumer.Traces, process ProcessFunc) (consumer.Traces, error) {
	var err error
	c, err := consumer.NewTraces(func(ctx context.Context, td ptrace.Traces) error {
		td, err = process(ctx, td) // want `err is captured by a telemetry pipeline consumer and written without a lock.*declare err inside the handler`
		if err != nil {
			return err
		}
		return next.ConsumeTraces(ctx, td)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// NewLocalProcessor declares the error inside the consume function.
func NewLocalProcessor(next consumer.Traces, process ProcessFunc) (consumer.Traces, error) {
	return consumer.NewTraces(func(ctx context.Context, td ptrace.Traces) error {
		td, err := process(ctx, td)
		if err != nil {
			return err
		}
		return next.ConsumeTraces(ctx, td)
	})
}

// counter counts spans in a field each call writes.
type counter struct {
	next  consumer.Traces
	spans int
}

func (c *counter) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	c.spans += td.SpanCount() // want `c.spans is written without a lock in a telemetry pipeline consumer`
	return c.next.ConsumeTraces(ctx, td)
}

// lockedCounter counts under its lock.
type lockedCounter struct {
	next  consumer.Traces
	mu    sync.Mutex
	spans int
}

func (c *lockedCounter) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	c.mu.Lock()
	c.spans += td.SpanCount()
	c.mu.Unlock()
	return c.next.ConsumeTraces(ctx, td)
}

// exporter pushes batches; its push method is handed over as a value.
type exporter struct{ sent int }

func (e *exporter) push(_ context.Context, td ptrace.Traces) error {
	e.sent = td.SpanCount() // want `e.sent is written without a lock in a telemetry pipeline consumer`
	return nil
}

// count is a helper with a consumer's shape that nothing hands over.
func (e *exporter) count(_ context.Context, td ptrace.Traces) error {
	e.sent += td.SpanCount()
	return nil
}

// NewExporter hands push to the pipeline.
func NewExporter() (consumer.Traces, error) {
	e := &exporter{}
	_ = e.count(context.Background(), ptrace.NewTraces())
	return consumer.NewTraces(e.push)
}
