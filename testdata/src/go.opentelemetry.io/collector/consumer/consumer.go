// Package consumer is a stub of the OpenTelemetry Collector's consumers.
package consumer

import (
	"context"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Traces receives trace batches.
type Traces interface {
	ConsumeTraces(ctx context.Context, td ptrace.Traces) error
}

// ConsumeTracesFunc is a function that consumes traces.
type ConsumeTracesFunc func(ctx context.Context, td ptrace.Traces) error

// ConsumeTraces calls f.
func (f ConsumeTracesFunc) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	return f(ctx, td)
}

// NewTraces wraps a consume function.
func NewTraces(f ConsumeTracesFunc) (Traces, error) { return f, nil }
