package requestscope

import (
	"context"
	"net/http"
)

type Session struct{ Values map[string]string }

func newSession(name string) *Session { return &Session{Values: map[string]string{}} }

// Registry memoizes the sessions of one request; each request gets its own,
// kept on the request's context.
type Registry struct {
	sessions map[string]*Session
}

type registryKey struct{}

func GetRegistry(r *http.Request) (*Registry, *http.Request) {
	if reg, ok := r.Context().Value(registryKey{}).(*Registry); ok {
		return reg, r
	}
	reg := &Registry{sessions: map[string]*Session{}}
	return reg, r.WithContext(context.WithValue(r.Context(), registryKey{}, reg))
}

// Get hands out the request's own session: nobody else shares it.
func (s *Registry) Get(name string) *Session {
	if sess, ok := s.sessions[name]; ok {
		return sess
	}
	sess := newSession(name)
	s.sessions[name] = sess
	return sess
}

func Handle(w http.ResponseWriter, r *http.Request) {
	reg, _ := GetRegistry(r)
	reg.Get("main").Values["seen"] = "yes"
}
