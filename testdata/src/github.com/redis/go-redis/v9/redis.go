// Package redis is a test stub of github.com/redis/go-redis/v9.
package redis

import (
	"context"
	"crypto/tls"
	"time"
)

type Options struct {
	Addr         string
	Password     string
	DB           int
	PoolSize     int
	MinIdleConns int
	DialTimeout  time.Duration
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	TLSConfig    *tls.Config
}

type Client struct{}

type StatusCmd struct{}

func (*StatusCmd) Err() error { return nil }

func NewClient(opt *Options) *Client                  { return &Client{} }
func (c *Client) Ping(ctx context.Context) *StatusCmd { return &StatusCmd{} }
