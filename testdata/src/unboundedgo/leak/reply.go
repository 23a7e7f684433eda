package leak

import (
	"errors"
	"time"
)

// Request carries its reply channel send-only: a responder can only send.
type Request struct {
	Body  string
	Reply chan<- string
}

// Respond blocks until the asker takes the reply.
func (r *Request) Respond(s string) { r.Reply <- s }

type Peer struct{ inbox chan Request }

// Ask stops waiting after the timeout; the responder's later send has no
// receiver.
func (p *Peer) Ask(body string, timeout time.Duration) (string, error) {
	reply := make(chan string) // want `this reply channel is unbuffered and handed out as Reply, but Ask stops waiting for the reply through the <-time.After\(timeout\) case`
	p.inbox <- Request{Body: body, Reply: reply}
	select {
	case s := <-reply:
		return s, nil
	case <-time.After(timeout):
		return "", errors.New("timed out")
	}
}

// AskBuffered leaves room for the late reply.
func (p *Peer) AskBuffered(body string, timeout time.Duration) (string, error) {
	reply := make(chan string, 1)
	p.inbox <- Request{Body: body, Reply: reply}
	select {
	case s := <-reply:
		return s, nil
	case <-time.After(timeout):
		return "", errors.New("timed out")
	}
}

// AskPatient waits for the reply however long it takes.
func (p *Peer) AskPatient(body string) string {
	reply := make(chan string)
	p.inbox <- Request{Body: body, Reply: reply}
	return <-reply
}

// Note carries a reply channel whose responder never blocks.
type Note struct {
	Ack chan<- bool
}

func (n *Note) Done() {
	select {
	case n.Ack <- true:
	default:
	}
}

func (p *Peer) Notify(out chan Note, timeout time.Duration) bool {
	ack := make(chan bool)
	out <- Note{Ack: ack}
	select {
	case ok := <-ack:
		return ok
	case <-time.After(timeout):
		return false
	}
}

func NewPeer() *Peer { return &Peer{inbox: make(chan Request)} }
