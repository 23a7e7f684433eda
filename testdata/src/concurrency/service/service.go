// Package service implements the Greeter gRPC service. It is registered in
// another package, so its methods are found by the interface they implement.
package service

import (
	"context"

	"concurrency/pb"
)

type Greeter struct{ greeted int }

func (g *Greeter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) { // want `entry gRPC method` `concurrent: entry`
	g.count()
	return &pb.HelloReply{Message: "hi " + req.Name}, nil
}

func (g *Greeter) SayBye(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) { // want `entry gRPC method` `concurrent: entry`
	return &pb.HelloReply{}, nil
}

func (g *Greeter) count() { g.greeted++ } // want `concurrent: entry via call`

// notService has a SayHello too, but no SayBye: it implements nothing.
type notService struct{}

func (notService) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	return nil, nil
}

func unrelated() {}
