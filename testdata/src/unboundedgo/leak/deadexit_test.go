package leak

import (
	"testing"
	"time"
)

func TestReloader(t *testing.T) {
	r := LoadConfig()
	r.stop()
}

func serve() error { return nil }

// TestServeTimeout skips on a slow server and leaks the serving goroutine,
// though the test passes: a leak in a test is a flaky test.
func TestServeTimeout(t *testing.T) {
	errc := make(chan error)
	go func() { errc <- serve() }() // want `the goroutine's send on errc blocks forever when TestServeTimeout returns through the <-time.After\(time.Second\) case first`
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Skip("server too slow")
	}
}

// TestServeFails leaks only once it has failed: not reported.
func TestServeFails(t *testing.T) {
	errc := make(chan error)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Error("timed out")
		return
	}
}

// TestStress starts a goroutine per item on purpose: not reported in tests.
func TestStress(t *testing.T) {
	items := make(chan int)
	go func() {
		for i := 0; i < 100; i++ {
			items <- i
		}
		close(items)
	}()
	for it := range items {
		go func() { _ = it }()
	}
}

// TestWatch stops the watcher it started: tests signal in test code.
func TestWatch(t *testing.T) {
	updates := &Reloader{events: make(chan string), shutdownCh: make(chan bool)}
	go updates.watch()
	updates.stop()
}
