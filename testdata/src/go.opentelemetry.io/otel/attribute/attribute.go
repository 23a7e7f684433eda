// Package attribute is a test stub of go.opentelemetry.io/otel/attribute.
package attribute

type KeyValue struct{ Key, Value string }

func String(k, v string) KeyValue { return KeyValue{k, v} }

type Set struct{ kvs []KeyValue }

// NewSet re-orders kvs in place, as the real one does.
func NewSet(kvs ...KeyValue) Set { return Set{kvs: kvs} }

func (s Set) ToSlice() []KeyValue { return append([]KeyValue(nil), s.kvs...) }
