// Package middleware wraps the handlers of several services in the same
// middleware stack, by hand each time.
package middleware

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"google.golang.org/grpc"
)

func apiHandler(mux http.Handler) http.Handler {
	h := middleware.RequestID(middleware.RealIP(middleware.Logger(middleware.Recoverer(mux))))
	return h
}

func adminHandler(mux http.Handler) http.Handler {
	return middleware.RequestID(middleware.RealIP(middleware.Logger(middleware.Recoverer(mux)))) // want `^middleware\.go \(router\) lacks middleware\.Recoverer, which every other copy sets, likely a missed fix: this HTTP middleware chain setup is copied in 3 places \(first in middleware\.go:15\), and the copies also differ: only middleware\.go \(router\) sets middleware\.Timeout; copies drift apart`
}

// router installs the same stack through chi's Use, and forgot Recoverer.
func router() *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.RealIP) // want `this HTTP middleware chain setup is copied in 3 places`
	r.Use(middleware.Logger)
	r.Use(middleware.Timeout(30 * time.Second))
	return r
}

// Two middlewares are a coincidence, not a copied stack.
func healthHandler(h http.Handler) http.Handler { return middleware.Logger(middleware.Recoverer(h)) }
func debugHandler(h http.Handler) http.Handler  { return middleware.Logger(middleware.Recoverer(h)) }

func logUnary(ctx any, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func authUnary(ctx any, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func metricsUnary(ctx any, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func ordersServer() *grpc.Server {
	return grpc.NewServer(grpc.ChainUnaryInterceptor(logUnary, authUnary, metricsUnary))
}

func paymentsServer() *grpc.Server {
	return grpc.NewServer(grpc.ChainUnaryInterceptor(logUnary, metricsUnary, authUnary)) // want `this gRPC server setup is copied in 2 places \(first in middleware\.go:49\) and the copies are identical`
}

// inventoryServer installs one interceptor of the three: not a copy.
func inventoryServer() *grpc.Server {
	return grpc.NewServer(grpc.ChainUnaryInterceptor(logUnary))
}
