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
