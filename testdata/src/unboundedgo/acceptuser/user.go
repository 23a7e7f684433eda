// Package acceptuser makes listeners and hands them to acceptsrv.
package acceptuser

import (
	"net"

	"golang.org/x/net/netutil"

	"unboundedgo/acceptsrv"
)

func Run(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return acceptsrv.Serve(ln) // want `ln, made by net.Listen with no connection limit, goes to Serve`
}

func RunLimited(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return acceptsrv.Serve(netutil.LimitListener(ln, 128))
}

func RunBounded(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return acceptsrv.ServeBounded(ln, make(chan struct{}, 64))
}
