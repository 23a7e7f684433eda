package protocol

import (
	"context"
	"sync"
)

// Session runs its handshake through a function field that its two
// constructors fill with one of its own methods, always under hsMu.
type Session struct {
	hsMu        sync.Mutex
	handshakeFn func(context.Context) error
	config      string
	peer        string
	hsErr       error
}

func NewClient(cfg string) *Session {
	s := &Session{config: cfg}
	s.handshakeFn = s.clientHandshake
	return s
}

func NewServer(cfg string) *Session {
	s := &Session{config: cfg}
	s.handshakeFn = s.serverHandshake
	return s
}

func (s *Session) Handshake(ctx context.Context) error {
	s.hsMu.Lock()
	defer s.hsMu.Unlock()
	s.hsErr = s.handshakeFn(ctx)
	return s.hsErr
}

// serverHandshake runs only through handshakeFn, with hsMu held: its write
// of config is guarded.
func (s *Session) serverHandshake(ctx context.Context) error {
	s.config = s.config + "-server"
	s.peer = "client"
	return ctx.Err()
}

func (s *Session) clientHandshake(ctx context.Context) error {
	s.peer = "server"
	return ctx.Err()
}

func (s *Session) Config() string {
	s.hsMu.Lock()
	defer s.hsMu.Unlock()
	return s.config
}

func (s *Session) Reconfigure(cfg string) {
	s.hsMu.Lock()
	s.config = cfg
	s.hsMu.Unlock()
}

// Peer reads what the handshake writes under hsMu, without it.
func (s *Session) Peer() string {
	return s.peer // want `s.peer is read without s.hsMu held, but s.hsMu guards it in 2 of 3 accesses and the goroutine started in Session.Start may write it at the same time`
}

// Start runs the handshake on its own goroutine, which reads config under
// hsMu while serverHandshake writes it, also under hsMu.
func (s *Session) Start(ctx context.Context) {
	go s.Handshake(ctx)
}
