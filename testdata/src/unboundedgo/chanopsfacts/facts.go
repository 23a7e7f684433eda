// Package chanopsfacts states the chanops summaries of small functions.
package chanopsfacts

import (
	"context"
	"os"
	"time"
)

func produce(out chan<- int) { out <- 1 } // want produce:"chanops\\(0:send\\)"

func drain(in <-chan int) { // want drain:"chanops\\(0:recv\\)"
	for range in {
	}
}

func finish(done chan struct{}) { close(done) } // want finish:"chanops\\(0:close\\)"

func relay(in <-chan int, out chan<- int) { // want relay:"chanops\\(0:recv 1:selsend\\)"
	v := <-in
	select {
	case out <- v:
	default:
	}
}

func viaHelper(out chan<- int) { produce(out) } // want viaHelper:"chanops\\(0:send\\)"

var sink chan int

func keep(ch chan int) { sink = ch } // want keep:"chanops\\(0:escape\\)"

func inClosure(ch chan int) { // want inClosure:"chanops\\(0:send\\)"
	go func() { ch <- 1 }()
}

func forever() { // want forever:"chanops\\(noreturn\\)"
	for {
		time.Sleep(time.Second)
	}
}

func ticks() { // want ticks:"chanops\\(noreturn\\)"
	t := time.NewTicker(time.Second)
	for range t.C {
	}
}

func exits() { os.Exit(1) } // want exits:"chanops\\(noreturn\\)"

func callsExit() { exits() } // want callsExit:"chanops\\(noreturn\\)"

func ctxLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
	}
}

func plain(n int) int { return n }

// feed's channel is unexported and only received from or sent on: nothing
// can close it, so ranging over it never ends.
type feed struct{ in chan int }

func newFeed() *feed { return &feed{in: make(chan int)} }

func (f *feed) put(v int) { f.in <- v }

func (f *feed) pump() { // want pump:"chanops\\(noreturn\\)"
	for range f.in {
	}
}

// closable's channel is closed by its close method.
type closable struct{ in chan int }

func (c *closable) pump() {
	for range c.in {
	}
}

func (c *closable) close() { close(c.in) }

// leaky's channel is loaded into a variable that leaves the package's view.
type leaky struct{ in chan int }

func (l *leaky) pump() {
	for range l.in {
	}
}

func (l *leaky) channel() chan int { return l.in }

// Public's channel is exported: other packages may close it.
type Public struct{ In chan int }

func (p *Public) pump() {
	for range p.In {
	}
}
