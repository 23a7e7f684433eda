// Package sharedappend appends onto long-lived slices.
package sharedappend

import (
	"net/http"
	"sync/atomic"
)

type Field struct{ Key, Value string }

var globalFields atomic.Value

// AddGlobalFields grows the global fields by append: the stored slice may
// have spare capacity.
func AddGlobalFields(fields ...Field) {
	old, _ := globalFields.Load().([]Field)
	globalFields.Store(append(old, fields...))
}

// combine adds per-call fields onto the global slice itself: concurrent
// log calls write into its spare capacity.
func combine(fields []Field) []Field {
	globals, ok := globalFields.Load().([]Field)
	if !ok {
		return fields
	}
	return append(globals, fields...) // want `append onto globals \(globalFields\), a long-lived slice the package grows by append, writes into its spare capacity, which every append on it shares, so concurrent calls write the same elements; append to slices.Clip\(globals\) to copy on growth`
}

func Info(msg string, fields ...Field) int {
	return len(combine(fields)) + len(msg)
}

type config struct {
	attrs []string
	names []string
}

func WithAttrs(conf *config, attrs ...string) {
	conf.attrs = append(conf.attrs, attrs...)
}

// report derives two attribute sets from the same slice: the second append
// overwrites the element the first added.
func report(conf *config) ([]string, []string) {
	idle := append(conf.attrs, "state=idle") // want `append onto conf.attrs, .* so the other append in this function overwrites the element this one adds`
	used := append(conf.attrs, "state=used") // want `append onto conf.attrs, .* so the other append in this function overwrites the element this one adds`
	return idle, used
}

// reportClipped copies on growth.
func reportClipped(conf *config) ([]string, []string) {
	idle := append(conf.attrs[:len(conf.attrs):len(conf.attrs)], "state=idle")
	used := append(conf.attrs[:len(conf.attrs):len(conf.attrs)], "state=used")
	return idle, used
}

// Names is set whole, never grown by append: appending to it always copies.
func SetNames(conf *config, names []string) {
	conf.names = names
}

func namesWith(conf *config) ([]string, []string) {
	return append(conf.names, "a"), append(conf.names, "b")
}

type Server struct {
	tags []string
}

func (s *Server) AddTag(t string) {
	s.tags = append(s.tags, t) // growing the field: the idiom
}

// ServeHTTP runs on many goroutines at once, each appending onto the
// server's own tags.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tags := append(s.tags, r.URL.Path) // want `append onto s.tags, .* so concurrent calls write the same elements`
	_, _ = w.Write([]byte(tags[0]))
}

// local appends onto a struct it has just made.
func local(extra string) []string {
	c := &config{}
	c.attrs = append(c.attrs, "x")
	a := append(c.attrs, extra)
	b := append(c.attrs, extra)
	return append(a, b...)
}

// once appends onto a field once, in code that does not run concurrently.
func once(conf *config) []string {
	return append(conf.attrs, "single")
}

// branch derives one slice per call, on one branch or the other: the two
// appends never run in the same call.
func branch(conf *config, idle bool) []string {
	if idle {
		return append(conf.attrs, "state=idle")
	}
	return append(conf.attrs, "state=used")
}

// collect appends to a named result from a closure; its return stores the
// variable into itself, which must not send the analysis round in circles.
func collect(conf *config, walk func(func(string))) (names []string) {
	defer func() { _ = len(names) }()
	walk(func(n string) {
		names = append(names, n)
	})
	return names
}

type clusterState struct {
	Masters []string
	Slaves  []string
}

func appendMissing(vals []string, v string) []string {
	for _, x := range vals {
		if x == v {
			return vals
		}
	}
	return append(vals, v)
}

// Cluster publishes a snapshot of its nodes that every request reads at
// once.
type Cluster struct{ state atomic.Value }

// Reload grows the new snapshot's masters through a helper, so they may
// have spare capacity once published.
func (c *Cluster) Reload(masters, slaves []string) {
	s := &clusterState{Slaves: slaves}
	for _, m := range masters {
		s.Masters = appendMissing(s.Masters, m)
	}
	c.state.Store(s)
}

// Nodes appends onto the published masters: two requests write the same
// spare element.
func Nodes(c *Cluster) []string {
	s := c.state.Load().(*clusterState)
	return append(s.Masters, s.Slaves...) // want `append onto s.Masters, .* so concurrent calls write the same elements`
}

// Slaves are set whole, never grown, so appending to them copies.
func Slaves(c *Cluster) []string {
	s := c.state.Load().(*clusterState)
	return append(s.Slaves, "replica")
}
