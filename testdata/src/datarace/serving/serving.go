// Package serving holds servers whose Start blocks serving.
package serving

import (
	"net"
	"net/http"
	"sync"
)

// Server is an HTTP server whose Start blocks until it stops.
type Server struct {
	*http.Server
	network, address string
	lis              net.Listener
}

// Start listens and serves: the caller runs it on a goroutine of its own.
func (s *Server) Start() error {
	lis, err := net.Listen(s.network, s.address)
	if err != nil {
		return err
	}
	s.lis = lis
	return s.Serve(lis)
}

// Endpoint is the address registries advertise, asked while Start serves.
func (s *Server) Endpoint() string {
	return s.lis.Addr().String() // want `s.lis is read with no lock in Server.Endpoint while Server.Start, which blocks serving until the server stops`
}

// Listening listens in its constructor: Start only serves.
type Listening struct {
	srv *http.Server
	lis net.Listener
}

// NewListening listens on address.
func NewListening(address string) (*Listening, error) {
	lis, err := net.Listen("tcp", address)
	if err != nil {
		return nil, err
	}
	return &Listening{srv: &http.Server{}, lis: lis}, nil
}

// Start serves.
func (l *Listening) Start() error { return l.srv.Serve(l.lis) }

// Endpoint is the listener's address.
func (l *Listening) Endpoint() string { return l.lis.Addr().String() }

// Locked guards its listener.
type Locked struct {
	mu  sync.Mutex
	srv *http.Server
	lis net.Listener
}

// Start listens and serves.
func (l *Locked) Start(address string) error {
	lis, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.lis = lis
	l.mu.Unlock()
	return l.srv.Serve(lis)
}

// Endpoint is the listener's address, or "" before Start.
func (l *Locked) Endpoint() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lis == nil {
		return ""
	}
	return l.lis.Addr().String()
}
