// Package grpc is a test stub of google.golang.org/grpc.
package grpc

type ServiceDesc struct{ ServiceName string }

type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type Server struct{}

func NewServer(opts ...ServerOption) *Server                  { return &Server{} }
func (s *Server) RegisterService(desc *ServiceDesc, impl any) {}

type ServerOption interface{ apply() }

type ClientConn struct{}

type DialOption interface{ apply() }

func NewClient(target string, opts ...DialOption) (*ClientConn, error) { return &ClientConn{}, nil }
