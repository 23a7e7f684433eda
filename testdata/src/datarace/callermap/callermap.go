// Package callermap builds clients from options passed by value, some of
// which write into the maps those options share with their callers.
package callermap

import (
	"maps"
	"net/http"
	"net/url"
)

// Options configure a client.
type Options struct {
	Headers http.Header
	Query   url.Values
	Labels  map[string]string
	Name    string
}

// Client sends requests with its headers.
type Client struct {
	headers http.Header
	labels  map[string]string
}

// NewClient defaults the headers, but on the path where the caller gave
// some, it writes the caller's map.
func NewClient(options Options) *Client {
	if options.Headers == nil {
		options.Headers = make(http.Header)
	}
	if _, ok := options.Headers["User-Agent"]; !ok {
		options.Headers.Set("User-Agent", "callermap/1") // want `NewClient writes into options.Headers, a map it shares with its caller although options is passed by value`
	}
	delete(options.Headers, "Accept")
	return &Client{headers: options.Headers}
}

// WithLabel adds a label to the caller's map.
func WithLabel(o Options, k, v string) Options {
	o.Labels[k] = v // want `WithLabel writes into o.Labels, a map it shares with its caller although o is passed by value`
	return o
}

// Tagged sets a query parameter on the caller's values.
func Tagged(o Options) string {
	o.Query.Set("tag", o.Name) // want `Tagged writes into o.Query, a map it shares with its caller`
	return o.Query.Encode()
}

// NewLabelled clones the labels first: the map it writes is its own.
func NewLabelled(o Options) *Client {
	o.Labels = maps.Clone(o.Labels)
	if o.Labels == nil {
		o.Labels = map[string]string{}
	}
	o.Labels["client"] = o.Name
	return &Client{labels: o.Labels}
}

// NewCloned clones the headers with their own method.
func NewCloned(o Options) *Client {
	o.Headers = o.Headers.Clone()
	o.Headers.Set("User-Agent", "callermap/1")
	return &Client{headers: o.Headers}
}

// Merge copies the labels into a map of its own before adding to it.
func Merge(o Options) map[string]string {
	m := make(map[string]string, len(o.Labels)+1)
	for k, v := range o.Labels {
		m[k] = v
	}
	m["name"] = o.Name
	return m
}

// Configure is handed a pointer: changing the caller's options is its job.
func Configure(o *Options) {
	o.Labels["configured"] = "true"
}

// Rename changes only its copy's scalar field.
func Rename(o Options, name string) Options {
	o.Name = name
	return o
}

// setDefault is the package's own helper; its callers pass maps they own.
func setDefault(o Options) {
	o.Labels["default"] = "true"
}

// Defaults builds options with a map of their own for the helper.
func Defaults() Options {
	o := Options{Labels: map[string]string{}}
	setDefault(o)
	return o
}

// Set is a value type around a map: writing it is what Add is for.
type Set struct{ m map[string]bool }

// Add records k.
func (s Set) Add(k string) { s.m[k] = true }
