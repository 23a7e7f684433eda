// Package trace is a test stub of go.opentelemetry.io/otel/sdk/trace.
package trace

import "context"

type SpanExporter interface{ Export() }

type Sampler interface{ Sample() }

type TracerProviderOption interface{ apply() }

type option struct{}

func (option) apply() {}

type TracerProvider struct{}

func NewTracerProvider(opts ...TracerProviderOption) *TracerProvider { return &TracerProvider{} }
func (*TracerProvider) Tracer(name string)                           {}
func (*TracerProvider) Shutdown(ctx context.Context) error           { return nil }

func WithBatcher(e SpanExporter) TracerProviderOption { return option{} }
func WithSyncer(e SpanExporter) TracerProviderOption  { return option{} }
func WithSampler(s Sampler) TracerProviderOption      { return option{} }
func WithResource(r any) TracerProviderOption         { return option{} }
func WithSpanLimits(n int) TracerProviderOption       { return option{} }
func ParentBased(root Sampler) Sampler                { return nil }
func TraceIDRatioBased(f float64) Sampler             { return nil }
