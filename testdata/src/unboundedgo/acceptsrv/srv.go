// Package acceptsrv serves connections from a listener its caller makes.
package acceptsrv

import "net"

func handle(c net.Conn) { c.Close() }

// Serve starts a goroutine per connection: the caller's listener decides
// how many.
func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

// ServeBounded takes a slot per connection.
func ServeBounded(l net.Listener, slots chan struct{}) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		slots <- struct{}{}
		go func() {
			defer func() { <-slots }()
			handle(c)
		}()
	}
}
