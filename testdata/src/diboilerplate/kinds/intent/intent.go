// Package intent has a shared Redis provider, a copy that differs from it
// on purpose, and one that drifted.
package intent

import (
	"crypto/tls"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
)

// NewCache is the shared provider.
func NewCache(addr string, tc *tls.Config) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, PoolSize: 20, ReadTimeout: time.Second, WriteTimeout: time.Second, TLSConfig: tc})
}

// blockingCache keeps a pool of one for blocking pops, on purpose: it is not
// told to call NewCache, only that it repeats the shared settings.
func blockingCache(addr string, tc *tls.Config) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, PoolSize: 1, ReadTimeout: time.Second, WriteTimeout: time.Second, TLSConfig: tc}) // want `^this cache client setup repeats .*ReadTimeout.* of the shared provider intent\.NewCache, while PoolSize is 20 in intent\.go \(NewCache\) but 1 in intent\.go \(blockingCache\), which looks deliberate; keep that difference`
}

// sessionCache drifted: it lost TLSConfig, which leads the message.
func sessionCache(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, PoolSize: 20, ReadTimeout: time.Second, WriteTimeout: time.Second}) // want `^intent\.go \(sessionCache\) lacks TLSConfig, which intent\.go \(NewCache\) sets, likely a missed fix: this cache client setup repeats the recipe of the shared provider intent\.NewCache; a hand-written copy misses every later fix to it, so call intent\.NewCache instead`
}

// Three listeners, one of them with TLS: that one is intent, not drift.
func publicServer(h http.Handler, tc *tls.Config) *http.Server {
	return &http.Server{Addr: ":443", Handler: h, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, TLSConfig: tc}
}

func adminServer(h http.Handler) *http.Server {
	return &http.Server{Addr: ":8081", Handler: h, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second} // want `^this HTTP server setup is copied in 3 places \(first in intent\.go:31\), and the copies differ: only intent\.go \(publicServer\) sets TLSConfig, which looks deliberate;`
}

func metricsServer(h http.Handler) *http.Server {
	return &http.Server{Addr: ":9090", Handler: h, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second} // want `^this HTTP server setup is copied in 3 places`
}
