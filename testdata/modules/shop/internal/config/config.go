// Package config reads the shop's settings from the environment. It has no
// concurrency and no caches: every msvclint finding here is about a directive.
package config

import (
	"os"
	"strconv"
	"time"
)

const defaultAddr = ":8080" //msvclint:ignore datarace a constant cannot race

// Config is read once at start-up and passed by value.
type Config struct {
	Addr         string
	CacheSize    int
	WorkerLimit  int
	OrderTimeout time.Duration
}

//msvclint:ignore unboundedgo start-up code starts no goroutine
func Load() Config {
	return Config{
		Addr:         env("SHOP_ADDR", defaultAddr),
		CacheSize:    envInt("SHOP_CACHE_SIZE", 1024),
		WorkerLimit:  envInt("SHOP_WORKERS", 8),
		OrderTimeout: 5 * time.Second,
	}
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok { //msvclint:ignore mutablecache
		return v
	}
	return def
}

// envInt falls back to def on a malformed value: a typo in a deployment file
// must not keep the service from starting.
func envInt(key string, def int) int {
	n, err := strconv.Atoi(env(key, strconv.Itoa(def))) //msvclint:ignore all kept for the golden -fix test: ignore all is never stale
	if err != nil {
		return def
	}
	return n
}
