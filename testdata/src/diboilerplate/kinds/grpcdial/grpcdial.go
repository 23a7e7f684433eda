// Package grpcdial dials two backends with the same options, collected in a
// slice each time.
package grpcdial

import "google.golang.org/grpc"

func retryUnary(ctx any, method string, req, reply any) error { return nil }
func traceUnary(ctx any, method string, req, reply any) error { return nil }

func dialOrders(addr string) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{
		grpc.WithInsecure(),
		grpc.WithDefaultServiceConfig(`{"loadBalancingPolicy":"round_robin"}`),
		grpc.WithMaxCallRecvMsgSize(8 << 20),
	}
	opts = append(opts, grpc.WithChainUnaryInterceptor(retryUnary, traceUnary))
	return grpc.NewClient(addr, opts...)
}

func dialPayments(addr string) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{ // want `^grpcdial\.go \(dialPayments\) lacks grpcdial\.retryUnary, which grpcdial\.go \(dialOrders\) sets, a missed fix unless the difference is deliberate: this gRPC client setup is copied in 2 places \(first in grpcdial\.go:11\); copies drift apart`
		grpc.WithMaxCallRecvMsgSize(8 << 20),
		grpc.WithInsecure(),
		grpc.WithDefaultServiceConfig(`{"loadBalancingPolicy":"round_robin"}`),
	}
	opts = append(opts, grpc.WithChainUnaryInterceptor(traceUnary))
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, err
	}
	return conn, nil
}

// dialLocal uses one option: not a copy.
func dialLocal(addr string) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{grpc.WithInsecure()}
	return grpc.NewClient(addr, opts...)
}
