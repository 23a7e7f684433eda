// Package spawn holds goroutines started once per message, connection or
// client-sent item, next to the bounded ones.
package spawn

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/netutil"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"unboundedgo/pb"
)

type Msg struct{ Body []byte }

func handle(m Msg) {}

// consume starts a goroutine per message from the queue.
func consume(msgs <-chan Msg) {
	for m := range msgs {
		go handle(m) // want `starts a goroutine once per value received from msgs with nothing bounding how many run at once, so a burst exhausts memory; acquire a slot`
	}
}

// consumeSelect waits for messages in a select.
func consumeSelect(ctx context.Context, msgs <-chan Msg) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-msgs:
			go handle(m) // want `once per message received from msgs`
		}
	}
}

// consumeSem acquires a slot of a buffered channel first.
func consumeSem(msgs <-chan Msg) {
	sem := make(chan struct{}, 16)
	for m := range msgs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			handle(m)
		}()
	}
}

type consumer struct{ slots *semaphore.Weighted }

// consumeWeighted acquires a weighted semaphore.
func (c *consumer) consumeWeighted(ctx context.Context, msgs <-chan Msg) {
	for m := range msgs {
		if err := c.slots.Acquire(ctx, 1); err != nil {
			return
		}
		go func() {
			defer c.slots.Release(1)
			handle(m)
		}()
	}
}

// consumeGroup uses a group with a limit.
func consumeGroup(ctx context.Context, msgs <-chan Msg) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for m := range msgs {
		g.Go(func() error { handle(m); return nil })
	}
	return g.Wait()
}

// consumeGroupNoLimit forgets SetLimit.
func consumeGroupNoLimit(ctx context.Context, msgs <-chan Msg) error {
	g, ctx := errgroup.WithContext(ctx)
	for m := range msgs {
		g.Go(func() error { handle(m); return nil }) // want `starts a goroutine in a group with no SetLimit once per value received from msgs .*call SetLimit on the group`
	}
	return g.Wait()
}

// pool is a fixed number of workers fed by a channel: bounded.
func pool(ctx context.Context, msgs <-chan Msg, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range msgs {
				handle(m)
			}
		}()
	}
	wg.Wait()
}

// regions is a small constant set.
func regions() {
	for _, r := range []string{"eu", "us", "ap"} {
		go println(r)
	}
}

// ticks starts periodic work: the loop runs at the ticker's pace.
func ticks(ctx context.Context, t *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			go println("flush")
		}
	}
}

// batch waits for each message's goroutine before the next.
func batch(msgs <-chan Msg) {
	for m := range msgs {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); handle(m) }()
		wg.Wait()
	}
}

func serveConn(c net.Conn) { c.Close() }

// listen accepts forever with no connection limit.
func listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serveConn(c) // want `once per connection accepted from l, a listener with no connection limit`
	}
}

// listenLimited wraps the listener in a connection limit.
func listenLimited(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	l = netutil.LimitListener(l, 100)
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serveConn(c)
	}
}

// serve takes its listener from the caller, who answers for the limit.
func serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serveConn(c)
	}
}

// runServer hands serve a listener with no limit.
func runServer(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serve(l) // want `l, made by net.Listen with no connection limit, goes to serve, which starts a goroutine per accepted connection`
}

// runLimited limits its listener before handing it over.
func runLimited(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	l = netutil.LimitListener(l, 64)
	return serve(l)
}

// runHTTP hands the listener to net/http, whose per-connection goroutines
// are the platform's design.
func runHTTP(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(l, nil)
}

type Orders struct{}

func reserve(ctx context.Context, it *pb.Item) error { return nil }

// PlaceOrder fans out one goroutine per item the client sent.
func (o *Orders) PlaceOrder(ctx context.Context, req *pb.PlaceOrderRequest) (*pb.PlaceOrderReply, error) {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range req.Items {
		g.Go(func() error { return reserve(ctx, it) }) // want `once per item of req.Items, which the client controls`
	}
	return &pb.PlaceOrderReply{}, g.Wait()
}

type bulkRequest struct{ IDs []string }

func lookup(ctx context.Context, id string) {}

// bulk decodes the IDs from the body and starts a goroutine per ID.
func bulk(w http.ResponseWriter, r *http.Request) {
	var req bulkRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		go func() { // want `once per item of req.IDs, which the client controls`
			defer wg.Done()
			lookup(r.Context(), id)
		}()
	}
	wg.Wait()
}

// bulkLimited bounds the fan-out with SetLimit.
func bulkLimited(w http.ResponseWriter, r *http.Request) {
	var req bulkRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(4)
	for _, id := range req.IDs {
		g.Go(func() error { lookup(ctx, id); return nil })
	}
	g.Wait()
}

var backends = []string{"a", "b"}

// fanOutConfig ranges over configuration, not the request.
func fanOutConfig(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, b := range backends {
		wg.Add(1)
		go func() { defer wg.Done(); lookup(r.Context(), b) }()
	}
	wg.Wait()
}
