// Package grpcsvc serves the inventory and pricing APIs from one binary, each
// on its own gRPC server.
package grpcsvc

import (
	"time"

	"google.golang.org/grpc"
)

func inventoryServer() *grpc.Server {
	srv := grpc.NewServer(
		grpc.MaxRecvMsgSize(4<<20),
		grpc.MaxSendMsgSize(4<<20),
		grpc.ConnectionTimeout(5*time.Second),
	)
	return srv
}

// pricingServer is the same recipe with the options in another order and
// another variable name: still a copy.
func pricingServer() *grpc.Server {
	s := grpc.NewServer(grpc.ConnectionTimeout(5*time.Second), grpc.MaxSendMsgSize(4<<20), grpc.MaxRecvMsgSize(4<<20)) // want `this gRPC server setup is copied in 2 places \(first in servers\.go:12\) and the copies are identical`
	return s
}

// adminServer shares one option only: not a copy.
func adminServer() *grpc.Server {
	return grpc.NewServer(grpc.MaxRecvMsgSize(1 << 20))
}

// NewClient is this package's shared client provider.
func NewClient(target string) (*grpc.ClientConn, error) {
	conn, err := grpc.NewClient(target, grpc.WithUserAgent("shop"), grpc.WithAuthority("shop.internal"), grpc.WithBlock())
	if err != nil {
		return nil, err
	}
	return conn, nil
}

func dialPricing() (*grpc.ClientConn, error) {
	return grpc.NewClient("pricing:443", grpc.WithAuthority("shop.internal"), grpc.WithBlock(), grpc.WithUserAgent("shop")) // want `this gRPC client setup repeats the recipe of the shared provider grpcsvc\.NewClient; a hand-written copy misses every later fix to it, so call grpcsvc\.NewClient instead`
}

// dialStock sets two of the provider's options: the constructor call both
// make is no evidence of a copy, so two shared options are too few.
func dialStock() (*grpc.ClientConn, error) {
	return grpc.NewClient("stock:443", grpc.WithAuthority("shop.internal"), grpc.WithUserAgent("shop"))
}
