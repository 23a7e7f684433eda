// Package leak holds goroutines that can block forever next to the ones that
// cannot.
package leak

import (
	"context"
	"errors"
	"time"
)

type User struct{ Name string }

func load(id string) (*User, error) { return &User{}, nil }

// fetchUser is the classic: the caller stops listening on ctx.Done().
func fetchUser(ctx context.Context, id string) (*User, error) {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u // want `the goroutine's send on ch blocks forever when fetchUser returns through the <-ctx.Done\(\) case first, leaking the goroutine; give ch a buffer of one: make\(chan \*User, 1\)`
	}()
	select {
	case u := <-ch:
		return u, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// withTimeout gives up after a second.
func withTimeout(id string) (*User, error) {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u // want `returns through the <-time.After\(time.Second\) case first`
	}()
	select {
	case u := <-ch:
		return u, nil
	case <-time.After(time.Second):
		return nil, errors.New("timeout")
	}
}

// earlyReturn leaves before it receives when validation fails.
func earlyReturn(id string) (*User, error) {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u // want `when earlyReturn returns before receiving first`
	}()
	if id == "" {
		return nil, errors.New("empty id")
	}
	return <-ch, nil
}

// fanIn sends from many goroutines and takes the first answer: all but one
// block forever. No fix: one slot is not enough.
func fanIn(ctx context.Context, replicas []string) *User {
	ch := make(chan *User)
	for _, r := range replicas {
		go func() {
			u, _ := load(r)
			ch <- u // want `give ch a buffer for every send, or send in a select with ctx.Done\(\)`
		}()
	}
	select {
	case u := <-ch:
		return u
	case <-ctx.Done():
		return nil
	}
}

// buffered is the fix: the send never blocks.
func buffered(ctx context.Context, id string) (*User, error) {
	ch := make(chan *User, 1)
	go func() {
		u, _ := load(id)
		ch <- u
	}()
	select {
	case u := <-ch:
		return u, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// senderSelects gives up on ctx.Done() itself.
func senderSelects(ctx context.Context, id string) (*User, error) {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		select {
		case ch <- u:
		case <-ctx.Done():
		}
	}()
	select {
	case u := <-ch:
		return u, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// alwaysReceives waits for the goroutine on every path.
func alwaysReceives(id string) *User {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u
	}()
	return <-ch
}

// waitsInLoop keeps receiving until it has the answer; the ticker case only
// logs.
func waitsInLoop(id string, tick <-chan time.Time) *User {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u
	}()
	for {
		select {
		case u := <-ch:
			return u
		case <-tick:
			println("still waiting")
		}
	}
}

// escapes hands the channel to someone we cannot see.
func escapes(ctx context.Context, id string, sink func(chan *User)) {
	ch := make(chan *User)
	go func() {
		u, _ := load(id)
		ch <- u
	}()
	sink(ch)
}

func produce(ch chan<- int) { ch <- 1 }

// viaHelper sends in a function the goroutine runs.
func viaHelper(ctx context.Context) int {
	ch := make(chan int)
	go produce(ch) // want `the goroutine's send on the channel blocks forever when viaHelper returns through the <-ctx.Done\(\) case first`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Workers that range over a channel nobody closes wait forever once the
// dispatcher returns.
func dispatch(jobs []int) {
	work := make(chan int)
	for range 4 {
		go func() {
			for j := range work { // want `the goroutine waits on work, which dispatch never closes, so it blocks forever once dispatch returns; close work after the last send`
				_ = j
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
}

// dispatchClosed closes the channel: the workers finish.
func dispatchClosed(jobs []int) {
	work := make(chan int)
	for range 4 {
		go func() {
			for j := range work {
				_ = j
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
}

// dispatchCtx's workers also leave on ctx.Done().
func dispatchCtx(ctx context.Context, jobs []int) {
	work := make(chan int)
	for range 4 {
		go func() {
			for {
				select {
				case j := <-work:
					_ = j
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
}

func worker(in <-chan int) {
	for v := range in { // want `the goroutine waits on in, which pool never closes`
		_ = v
	}
}

// pool starts named workers.
func pool(jobs []int) {
	in := make(chan int, len(jobs))
	for range 2 {
		go worker(in)
	}
	for _, j := range jobs {
		in <- j
	}
}

// gather receives once per sender in a counted loop after the spawns.
func gather(ids []string) []*User {
	ch := make(chan *User)
	for _, id := range ids {
		go func() {
			u, _ := load(id)
			ch <- u
		}()
	}
	var out []*User
	for range ids {
		out = append(out, <-ch)
	}
	return out
}

// gatherOrFail gives up on the first error and leaves the rest blocked.
func gatherOrFail(ids []string) ([]*User, error) {
	ch := make(chan *User)
	for _, id := range ids {
		go func() {
			u, _ := load(id)
			ch <- u // want `the goroutine's send on ch blocks forever when gatherOrFail returns before receiving first`
		}()
	}
	if len(ids) > 100 {
		return nil, errors.New("too many")
	}
	var out []*User
	for range ids {
		out = append(out, <-ch)
	}
	return out, nil
}
