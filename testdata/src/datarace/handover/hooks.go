package handover

import "sync"

type hooks struct {
	process func(string) error
}

func (h *hooks) setDefaults() {
	if h.process == nil {
		h.process = func(string) error { return nil }
	}
}

// hooksMixin is embedded in Client: its exported methods are Client's.
type hooksMixin struct {
	hooksMu sync.RWMutex
	slice   []func(func(string) error) func(string) error
	initial hooks
	current hooks
}

// AddHook wraps the command path in one more hook.
func (hs *hooksMixin) AddHook(h func(func(string) error) func(string) error) {
	hs.hooksMu.Lock()
	defer hs.hooksMu.Unlock()
	hs.slice = append(hs.slice, h)
	hs.current.process = hs.initial.process
	for i := len(hs.slice) - 1; i >= 0; i-- {
		hs.current.process = hs.slice[i](hs.current.process)
	}
}

// Hooked reports whether a hook is set, under the read lock.
func (hs *hooksMixin) Hooked() bool {
	hs.hooksMu.RLock()
	defer hs.hooksMu.RUnlock()
	return hs.current.process != nil
}

func (hs *hooksMixin) processHook(cmd string) error {
	return hs.current.process(cmd) // want `hs.current.process is read without hs.hooksMu held`
}

// Client runs commands through its hooks.
type Client struct {
	hooksMixin
}

// NewClient makes a client with the default command path.
func NewClient() *Client {
	c := &Client{}
	c.initial.setDefaults()
	c.current = c.initial
	return c
}

// Do runs a command.
func (c *Client) Do(cmd string) error {
	return c.processHook(cmd)
}
