// Package mutateddefault configures HTTP clients.
package mutateddefault

import (
	"crypto/tls"
	"net/http"
	"time"
)

type options struct {
	transport http.RoundTripper
	custom    http.RoundTripper
	tlsConf   *tls.Config
}

type Option func(*options)

func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) { o.transport = rt }
}

func WithCustom(rt http.RoundTripper) Option {
	return func(o *options) { o.custom = rt }
}

// NewClient falls back on the process-wide transport and then configures
// it in place.
func NewClient(conf *tls.Config, opts ...Option) *http.Client {
	o := options{transport: http.DefaultTransport, tlsConf: conf}
	for _, opt := range opts {
		opt(&o)
	}
	if tr, ok := o.transport.(*http.Transport); ok && o.tlsConf != nil {
		tr.TLSClientConfig = o.tlsConf // want `NewClient sets TLSClientConfig on http.DefaultTransport \(the default of the transport field\), which every user of http in the process shares`
	}
	return &http.Client{Transport: o.transport}
}

// NewTimedClient changes the shared client's timeout.
func NewTimedClient(d time.Duration) *http.Client {
	http.DefaultClient.Timeout = d // want `NewTimedClient sets Timeout on http.DefaultClient, which every user of http in the process shares`
	return http.DefaultClient
}

// NewClonedClient configures a copy of the default transport.
func NewClonedClient(conf *tls.Config) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = conf
	return &http.Client{Transport: tr}
}

// NewCustomClient configures only a transport its caller handed in.
func NewCustomClient(conf *tls.Config, opts ...Option) *http.Client {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if tr, ok := o.custom.(*http.Transport); ok {
		tr.TLSClientConfig = conf
	}
	return &http.Client{Transport: o.custom}
}

// NewOwnClient configures a transport of its own.
func NewOwnClient(conf *tls.Config) *http.Client {
	tr := &http.Transport{}
	tr.TLSClientConfig = conf
	c := &http.Client{Transport: tr}
	c.Timeout = time.Second
	return c
}
