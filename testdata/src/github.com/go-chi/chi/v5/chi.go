// Package chi is a test stub of github.com/go-chi/chi/v5.
package chi

import "net/http"

type Mux struct{}

func NewRouter() *Mux                                             { return &Mux{} }
func (m *Mux) Use(middlewares ...func(http.Handler) http.Handler) {}
func (m *Mux) Get(pattern string, h http.HandlerFunc)             {}
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request)   {}
