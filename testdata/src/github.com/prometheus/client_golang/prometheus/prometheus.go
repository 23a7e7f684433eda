// Package prometheus is a stub of the client library's collector API.
package prometheus

// Desc describes a metric.
type Desc struct{ Name string }

// Metric is one sample.
type Metric interface{ Desc() *Desc }

// Collector is what a registry scrapes; Collect may be called concurrently.
type Collector interface {
	Describe(chan<- *Desc)
	Collect(chan<- Metric)
}

// Registerer registers collectors.
type Registerer interface{ Register(Collector) error }
