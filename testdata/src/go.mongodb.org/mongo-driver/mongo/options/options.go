// Package options is a test stub of go.mongodb.org/mongo-driver/mongo/options.
package options

import (
	"crypto/tls"
	"time"
)

type ClientOptions struct{}

func Client() *ClientOptions { return &ClientOptions{} }

func (c *ClientOptions) ApplyURI(uri string) *ClientOptions                       { return c }
func (c *ClientOptions) SetAppName(s string) *ClientOptions                       { return c }
func (c *ClientOptions) SetMaxPoolSize(u uint64) *ClientOptions                   { return c }
func (c *ClientOptions) SetMinPoolSize(u uint64) *ClientOptions                   { return c }
func (c *ClientOptions) SetMaxConnIdleTime(d time.Duration) *ClientOptions        { return c }
func (c *ClientOptions) SetConnectTimeout(d time.Duration) *ClientOptions         { return c }
func (c *ClientOptions) SetServerSelectionTimeout(d time.Duration) *ClientOptions { return c }
func (c *ClientOptions) SetRetryWrites(b bool) *ClientOptions                     { return c }
func (c *ClientOptions) SetTLSConfig(cfg *tls.Config) *ClientOptions              { return c }
