// Package workers runs the shop's background jobs, each with its own HTTP
// client to a partner API.
package workers

import (
	"net/http"
	"time"
)

func newInventoryClient() *http.Client {
	tr := &http.Transport{
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 10,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func newPricingClient() *http.Client {
	transport := &http.Transport{ // want `this HTTP client setup is copied in 3 places \(first in clients\.go:11\), and the copies differ: only clients\.go \(newInventoryClient\) sets TLSHandshakeTimeout; MaxIdleConnsPerHost is 10 in clients\.go \(newInventoryClient\) and clients\.go \(newTaxClient\) but 20 in clients\.go \(newPricingClient\); copies drift apart with every fix, so move it into one provider function and call it from each place`
		IdleConnTimeout:     90 * time.Second,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 20,
	}
	return &http.Client{Transport: transport, Timeout: 5 * time.Second}
}

func newTaxClient() *http.Client {
	t := &http.Transport{MaxIdleConns: 100, MaxIdleConnsPerHost: 10, IdleConnTimeout: 90 * time.Second} // want `this HTTP client setup is copied in 3 places`
	return &http.Client{Transport: t, Timeout: 5 * time.Second}
}

// Server is the workers' own admin endpoint type; its fields look like
// net/http's but it is a different type: no finding.
type Server struct {
	Addr         string
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
}

func adminA() *Server {
	return &Server{Addr: ":9000", ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Minute}
}

func adminB() *Server {
	return &Server{Addr: ":9001", ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Minute}
}
