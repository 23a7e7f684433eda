// Package nats is a test stub of github.com/nats-io/nats.go.
package nats

import "time"

type Conn struct{}

type Option func(*Options) error

type Options struct{}

func Connect(url string, options ...Option) (*Conn, error) { return &Conn{}, nil }

func Name(name string) Option              { return nil }
func MaxReconnects(max int) Option         { return nil }
func ReconnectWait(t time.Duration) Option { return nil }
func Timeout(t time.Duration) Option       { return nil }
func PingInterval(t time.Duration) Option  { return nil }
func (c *Conn) Close()                     {}
