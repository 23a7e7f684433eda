package leak

import "errors"

// future is a request answered on its own channel.
type future struct {
	errCh chan error
}

func newFuture() *future { return &future{errCh: make(chan error, 1)} }

func (f *future) respond(err error) { f.errCh <- err }

// Error waits for the answer.
func (f *future) Error() error { return <-f.errCh }

// Node queues requests for one loop goroutine that stops on shutdown.
type Node struct {
	requests   chan *future
	mutations  chan any
	drained    chan *future
	shutdownCh chan struct{}
}

func NewNode() *Node {
	n := &Node{
		requests:   make(chan *future, 8),
		mutations:  make(chan any, 16),
		drained:    make(chan *future, 8),
		shutdownCh: make(chan struct{}),
	}
	go n.run()
	go n.drain()
	return n
}

func (n *Node) run() {
	for {
		select {
		case f := <-n.requests:
			f.respond(nil)
		case m := <-n.mutations:
			if f, ok := m.(*future); ok {
				f.respond(nil)
			}
		case <-n.shutdownCh:
			return
		}
	}
}

// drain answers what is still queued once the loop stops.
func (n *Node) drain() {
	for {
		select {
		case f := <-n.drained:
			f.respond(nil)
		case <-n.shutdownCh:
			for {
				select {
				case f := <-n.drained:
					f.respond(errors.New("shut down"))
				default:
					return
				}
			}
		}
	}
}

func (n *Node) Shutdown() { close(n.shutdownCh) }

// Snapshot queues a request, then waits for its answer with no way out: a
// request still buffered when run returns is never answered.
func (n *Node) Snapshot() error {
	f := newFuture()
	select {
	case n.requests <- f:
	case <-n.shutdownCh:
		return errors.New("shut down")
	}
	return f.Error() // want `Snapshot waits for the answer to the request it queued on requests, but Node.run, the goroutine that receives from requests, can return \(on shutdown\) and leave it unanswered in the buffer`
}

// Restore does the same through a channel of any.
func (n *Node) Restore() error {
	f := newFuture()
	select {
	case n.mutations <- f:
	case <-n.shutdownCh:
		return errors.New("shut down")
	}
	if err := f.Error(); err != nil { // want `Restore waits for the answer to the request it queued on mutations`
		return err
	}
	return nil
}

// SnapshotOrStop gives up when the node stops.
func (n *Node) SnapshotOrStop() error {
	f := newFuture()
	select {
	case n.requests <- f:
	case <-n.shutdownCh:
		return errors.New("shut down")
	}
	select {
	case err := <-f.errCh:
		return err
	case <-n.shutdownCh:
		return errors.New("shut down")
	}
}

// Drained is answered even after shutdown: drain empties the buffer.
func (n *Node) Drained() error {
	f := newFuture()
	select {
	case n.drained <- f:
	case <-n.shutdownCh:
		return errors.New("shut down")
	}
	return f.Error()
}

// Server hands requests over an unbuffered channel: once taken, the loop
// answers it before it can see the stop signal again.
type Server struct {
	calls chan *future
	stop  chan struct{}
}

func NewServer() *Server {
	s := &Server{calls: make(chan *future), stop: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Server) loop() {
	for {
		select {
		case f := <-s.calls:
			f.respond(nil)
		case <-s.stop:
			return
		}
	}
}

func (s *Server) Close() { close(s.stop) }

func (s *Server) Call() error {
	f := newFuture()
	select {
	case s.calls <- f:
	case <-s.stop:
		return errors.New("closed")
	}
	return f.Error()
}
