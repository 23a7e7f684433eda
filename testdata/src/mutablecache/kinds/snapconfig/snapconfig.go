// Package snapconfig publishes its configuration as a snapshot that other
// packages read through Current.
package snapconfig

import "sync/atomic"

// Config is replaced whole on every change.
type Config struct {
	Hosts []string
	Tags  map[string]string
}

var current atomic.Pointer[Config]

// Current returns the published snapshot.
func Current() *Config { // want Current:`returnsSnapshot\[0\]`
	return current.Load()
}

// Hosts returns the hosts of the published snapshot.
func Hosts() []string { // want Hosts:`returnsSnapshot\[0\]`
	return Current().Hosts
}

// Set publishes a new snapshot.
func Set(c *Config) { current.Store(c) }
