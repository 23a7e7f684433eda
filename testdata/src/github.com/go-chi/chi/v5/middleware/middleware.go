// Package middleware is a test stub of github.com/go-chi/chi/v5/middleware.
package middleware

import (
	"net/http"
	"time"
)

func RequestID(next http.Handler) http.Handler { return next }
func RealIP(next http.Handler) http.Handler    { return next }
func Logger(next http.Handler) http.Handler    { return next }
func Recoverer(next http.Handler) http.Handler { return next }

func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return next }
}
