// Package platform is the shop's shared wiring: every service should build
// its dependencies here.
package platform

import (
	"database/sql"
	"net/http"
	"time"
)

type Config struct {
	DSN          string
	MaxOpenConns int
	Addr         string
}

// OpenDB is the shared database provider.
func OpenDB(cfg Config) (*sql.DB, error) {
	db, err := sql.Open("postgres", cfg.DSN)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(cfg.MaxOpenConns)
	db.SetMaxIdleConns(cfg.MaxOpenConns / 2)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// NewHTTPServer is the shared HTTP server provider, with the timeouts every
// public listener needs.
func NewHTTPServer(cfg Config, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}
