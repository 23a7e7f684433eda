// Package mongo is a test stub of go.mongodb.org/mongo-driver/mongo.
package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/mongo/readpref"
)

type Client struct{}

type Database struct{}

func Connect(ctx context.Context, opts ...*options.ClientOptions) (*Client, error) {
	return &Client{}, nil
}

func NewClient(opts ...*options.ClientOptions) (*Client, error) { return &Client{}, nil }

func (c *Client) Connect(ctx context.Context) error                     { return nil }
func (c *Client) Ping(ctx context.Context, rp *readpref.ReadPref) error { return nil }
func (c *Client) Disconnect(ctx context.Context) error                  { return nil }
func (c *Client) Database(name string) *Database                        { return &Database{} }
