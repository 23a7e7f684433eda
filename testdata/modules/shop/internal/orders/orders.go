// Package orders accepts orders and notifies downstream systems.
package orders

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"
)

// Order is one submitted order.
type Order struct {
	ID    string
	User  string
	Total int64
}

// Notifier tells another system about an order; it may be slow.
type Notifier interface {
	Notify(ctx context.Context, o Order) error
}

// Service accepts orders.
type Service struct {
	notifier Notifier
	timeout  time.Duration
	sem      chan struct{} // bounds the background work in SubmitBounded
	results  chan error
}

// NewService returns a Service that runs at most limit notifications at once
// from SubmitBounded.
func NewService(n Notifier, limit int, timeout time.Duration) *Service {
	return &Service{notifier: n, timeout: timeout, sem: make(chan struct{}, limit), results: make(chan error)}
}

// HandleSubmit starts one goroutine per request with no limit: a burst of
// requests starts a burst of goroutines.
func (s *Service) HandleSubmit(w http.ResponseWriter, r *http.Request) {
	o := Order{ID: r.FormValue("id"), User: r.Header.Get("X-User")}
	go s.notify(o)
	w.WriteHeader(http.StatusAccepted)
}

// notify reports its result on an unbuffered channel that nobody reads, so
// every notification goroutine blocks forever.
func (s *Service) notify(o Order) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	s.results <- s.notifier.Notify(ctx, o)
}

// SubmitBounded is the right way: a semaphore bounds the goroutines and the
// context bounds each one's life.
func (s *Service) SubmitBounded(ctx context.Context, o Order) error {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	go func() {
		defer func() { <-s.sem }()
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		defer cancel()
		if err := s.notifier.Notify(ctx, o); err != nil {
			log.Printf("notify %s: %v", o.ID, err)
		}
	}()
	return nil
}

// Fanout notifies every order at once and waits: bounded by len(batch), which
// the caller controls.
func (s *Service) Fanout(ctx context.Context, batch []Order) {
	var wg sync.WaitGroup
	for _, o := range batch {
		wg.Go(func() {
			_ = s.notifier.Notify(ctx, o)
		})
	}
	wg.Wait()
}

// LogNotifier logs instead of calling out.
type LogNotifier struct{}

// Notify logs the order.
func (LogNotifier) Notify(_ context.Context, o Order) error {
	log.Printf("order %s for %s: %d", o.ID, o.User, o.Total)
	return nil
}
