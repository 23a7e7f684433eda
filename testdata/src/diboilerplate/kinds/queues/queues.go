// Package queues builds message-queue and cache clients for two services by
// hand.
package queues

import (
	"context"
	"crypto/tls"
	"time"

	"github.com/IBM/sarama"
	"github.com/nats-io/nats.go"
	"github.com/redis/go-redis/v9"
)

func ordersProducer() *sarama.Config {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_6_0_0
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Retry.Max = 5
	cfg.Producer.Return.Successes = true
	cfg.Net.TLS.Enable = true
	return cfg
}

// paymentsProducer copies the recipe and forgot TLS.
func paymentsProducer() *sarama.Config {
	c := sarama.NewConfig() // want `^queues\.go \(paymentsProducer\) lacks Net\.TLS\.Enable, which queues\.go \(ordersProducer\) sets, a missed fix unless the difference is deliberate: this message-queue client setup is copied in 2 places \(first in queues\.go:16\); copies drift apart`
	c.Producer.Return.Successes = true
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Version = sarama.V3_6_0_0
	c.Producer.Retry.Max = 5
	return c
}

func ordersBus(url string) (*nats.Conn, error) {
	return nats.Connect(url, nats.Name("orders"), nats.MaxReconnects(10), nats.ReconnectWait(2*time.Second), nats.Timeout(5*time.Second))
}

func paymentsBus(url string) (*nats.Conn, error) {
	return nats.Connect(url, nats.Name("payments"), nats.ReconnectWait(2*time.Second), nats.MaxReconnects(10), nats.Timeout(5*time.Second)) // want `this message-queue client setup is copied in 2 places \(first in queues\.go:36\) and the copies are identical`
}

// A bare connect is what every NATS user writes: not a copy.
func adminBus(url string) (*nats.Conn, error) { return nats.Connect(url) }
func auditBus(url string) (*nats.Conn, error) { return nats.Connect(url) }

func ordersCache(ctx context.Context, addr string, tc *tls.Config) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: 20, MinIdleConns: 5, ReadTimeout: time.Second, TLSConfig: tc})
	if err := rdb.Ping(ctx).Err(); err != nil {
		panic(err)
	}
	return rdb
}

func paymentsCache(ctx context.Context, addr string, tc *tls.Config) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: 20, MinIdleConns: 5, ReadTimeout: time.Second, TLSConfig: tc}) // want `this cache client setup is copied in 2 places \(first in queues\.go:48\) and the copies are identical`
	if err := rdb.Ping(ctx).Err(); err != nil {
		panic(err)
	}
	return rdb
}
