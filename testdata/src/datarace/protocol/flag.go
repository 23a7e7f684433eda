package protocol

import (
	"errors"
	"sync/atomic"
)

// Link's handshake goroutine writes its results, then sets an atomic flag;
// readers load the flag first and read only once it is set.
type Link struct {
	complete atomic.Bool
	ready    uint32
	resumed  bool
	curve    int
	server   string
	ticket   []byte
}

type linkState struct {
	l     *Link
	hello string
}

func (l *Link) Start() {
	go l.handshake("hello")
}

func (l *Link) handshake(hello string) {
	hs := linkState{l: l, hello: hello}
	hs.finish()
	l.server = hello
	atomic.StoreUint32(&l.ready, 1)
	l.ticket = []byte(hello) // want `l.ticket is written by the goroutine started in Link.Start while Link.Ticket reads it`
}

// finish runs on a state object that holds the Link: the flag it sets is
// the Link's.
func (hs *linkState) finish() {
	hs.l.resumed = true
	hs.l.curve = 25519 // want `hs.l.curve is written by the goroutine started in Link.Start while Link.Unchecked reads it`
	hs.l.complete.Store(true)
}

func (l *Link) Resumed() (bool, error) {
	if !l.complete.Load() {
		return false, errors.New("handshake not complete")
	}
	return l.resumed, nil
}

func (l *Link) Curve() int {
	if l.complete.Load() {
		return l.curve
	}
	return 0
}

func (l *Link) Server() string {
	if atomic.LoadUint32(&l.ready) == 0 {
		return ""
	}
	return l.server
}

// Ticket checks the flag, but ticket is written after the flag is set.
func (l *Link) Ticket() []byte {
	if atomic.LoadUint32(&l.ready) != 1 {
		return nil
	}
	return l.ticket
}

// Unchecked reads without looking at the flag.
func (l *Link) Unchecked() int {
	return l.curve
}
