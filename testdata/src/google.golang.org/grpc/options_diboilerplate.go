package grpc

import "time"

type funcOption struct{}

func (funcOption) apply() {}

func MaxRecvMsgSize(m int) ServerOption              { return funcOption{} }
func MaxSendMsgSize(m int) ServerOption              { return funcOption{} }
func ConnectionTimeout(d time.Duration) ServerOption { return funcOption{} }
func WithUserAgent(s string) DialOption              { return funcOption{} }
func WithAuthority(a string) DialOption              { return funcOption{} }
