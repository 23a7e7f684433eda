// Package convert turns each listener's settings into an http.Server: one
// adapter per settings type, which share no code to extract.
package convert

import (
	"net/http"
	"time"
)

// PublicConfig is the public listener's settings.
type PublicConfig struct {
	Addr                                   string
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                         int
}

// AdminConfig is the admin listener's settings.
type AdminConfig struct {
	Addr                                   string
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                         int
}

func (c PublicConfig) server() *http.Server {
	return &http.Server{
		Addr:           c.Addr,
		ReadTimeout:    c.ReadTimeout,
		WriteTimeout:   c.WriteTimeout,
		IdleTimeout:    c.IdleTimeout,
		MaxHeaderBytes: c.MaxHeaderBytes,
	}
}

func (c AdminConfig) server() *http.Server {
	return &http.Server{
		Addr:           c.Addr,
		ReadTimeout:    c.ReadTimeout,
		WriteTimeout:   c.WriteTimeout,
		IdleTimeout:    c.IdleTimeout,
		MaxHeaderBytes: c.MaxHeaderBytes,
	}
}
