package protocol

import (
	"errors"
	"time"
)

type result struct{ err error }

// Cmd hands its watcher goroutine's result over a channel it keeps in a
// field: Wait receives from the field before it touches what the watcher
// wrote, when there is a watcher at all.
type Cmd struct {
	Delay    time.Duration
	pipes    []string
	copyErr  chan error
	watchRes <-chan result
	status   string
}

func (c *Cmd) Start(watch bool) error {
	c.copyErr = make(chan error, 1)
	if watch {
		resultc := make(chan result)
		c.watchRes = resultc
		go c.watch(resultc)
	}
	return nil
}

func (c *Cmd) watch(resultc chan<- result) {
	if c.copyErr != nil {
		c.pipes = nil
		c.copyErr = nil
	}
	resultc <- result{err: errors.New("killed")}
}

func (c *Cmd) Wait() error {
	var err error
	if c.watchRes != nil {
		r := <-c.watchRes
		err = r.err
	}
	c.await()
	c.pipes = nil
	return err
}

func (c *Cmd) await() {
	defer func() {
		c.copyErr = nil
	}()
	if c.copyErr != nil {
		<-c.copyErr
	}
}

func (c *Cmd) Run() error {
	if err := c.Start(true); err != nil {
		return err
	}
	return c.Wait()
}

// Poll reads what the watcher writes without waiting for its result.
func (c *Cmd) Poll(watch bool) string {
	if err := c.Start(watch); err != nil {
		return ""
	}
	return c.status
}

func (c *Cmd) watchStatus(resultc chan<- result) {
	c.status = "done" // want `c.status is written by the goroutine started in Cmd.Peek while Cmd.P(eek|oll) reads it`
	resultc <- result{}
}

// Peek starts a watcher that reports through a channel in a field, but
// reads before it receives.
func (c *Cmd) Peek() string {
	resultc := make(chan result)
	c.watchRes = resultc
	go c.watchStatus(resultc)
	s := c.status
	<-c.watchRes
	return s
}
