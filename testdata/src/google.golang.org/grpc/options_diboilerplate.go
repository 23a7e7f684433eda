package grpc

import "time"

type funcOption struct{}

func (funcOption) apply() {}

func MaxRecvMsgSize(m int) ServerOption              { return funcOption{} }
func MaxSendMsgSize(m int) ServerOption              { return funcOption{} }
func ConnectionTimeout(d time.Duration) ServerOption { return funcOption{} }
func WithUserAgent(s string) DialOption              { return funcOption{} }
func WithAuthority(a string) DialOption              { return funcOption{} }

type UnaryServerInfo struct{ FullMethod string }

type UnaryHandler func(ctx any, req any) (any, error)

type UnaryServerInterceptor func(ctx any, req any, info *UnaryServerInfo, handler UnaryHandler) (any, error)

type UnaryClientInterceptor func(ctx any, method string, req, reply any) error

func ChainUnaryInterceptor(interceptors ...UnaryServerInterceptor) ServerOption { return funcOption{} }
func WithChainUnaryInterceptor(interceptors ...UnaryClientInterceptor) DialOption {
	return funcOption{}
}
func WithBlock() DialOption                        { return funcOption{} }
func WithDefaultServiceConfig(s string) DialOption { return funcOption{} }
func WithInsecure() DialOption                     { return funcOption{} }
func WithMaxCallRecvMsgSize(n int) DialOption      { return funcOption{} }
