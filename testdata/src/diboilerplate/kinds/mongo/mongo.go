// Package mongo builds the MongoDB client of two services by hand.
package mongo

import (
	"context"
	"crypto/tls"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/mongo/readpref"
)

func ordersStore(ctx context.Context, uri string) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).SetAppName("orders").SetMaxPoolSize(50).SetMinPoolSize(5).SetServerSelectionTimeout(5 * time.Second).SetRetryWrites(true)
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		return nil, err
	}
	return client, nil
}

func paymentsStore(ctx context.Context, uri string) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).SetAppName("payments").SetMaxPoolSize(50).SetMinPoolSize(5).SetServerSelectionTimeout(5 * time.Second).SetRetryWrites(true) // want `this database pool setup is copied in 2 places \(first in mongo\.go:15\) and the copies are identical`
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		return nil, err
	}
	return client, nil
}

// A bare connect and ping is what every MongoDB user writes: it shares the
// constructor and two steps, not a copy.
func adminStore(ctx context.Context, uri string) (*mongo.Client, error) {
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		return nil, err
	}
	return client, client.Ping(ctx, nil)
}

func auditStore(ctx context.Context, uri string) (*mongo.Client, error) {
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		return nil, err
	}
	return client, client.Ping(ctx, nil)
}

// The options built inline, chained on the constructor's argument.
func ordersEvents(ctx context.Context, uri string, tc *tls.Config) (*mongo.Client, error) {
	return mongo.Connect(ctx, options.Client().ApplyURI(uri).SetMaxPoolSize(20).SetConnectTimeout(time.Second).SetRetryWrites(false).SetTLSConfig(tc))
}

func paymentsEvents(ctx context.Context, uri string, tc *tls.Config) (*mongo.Client, error) {
	return mongo.Connect(ctx, options.Client().ApplyURI(uri).SetRetryWrites(false).SetMaxPoolSize(20).SetConnectTimeout(time.Second)) // want `^mongo\.go \(paymentsEvents\) lacks SetTLSConfig, which mongo\.go \(ordersEvents\) sets, a missed fix unless the difference is deliberate: this database pool setup is copied in 2 places \(first in mongo\.go:58\)`
}
