// Package forget holds goroutines that handlers leave running after the
// request, next to the ones with a way to stop or be waited for.
package forget

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

type Mailer struct{}

func (m *Mailer) Send(to, body string)                         {}
func (m *Mailer) SendCtx(ctx context.Context, to, body string) {}

type Server struct {
	mail    *Mailer
	wg      sync.WaitGroup
	base    context.Context
	once    sync.Once
	started bool
}

// signup mails from a goroutine nothing waits for or cancels.
func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	go s.mail.Send(email, "welcome") // want `the goroutine started by signup outlives the request with no context and nothing that waits for it, so nothing cancels it and shutdown cuts it off; pass it a context and track it in a sync.WaitGroup`
	w.WriteHeader(http.StatusAccepted)
}

// signupDetached detaches on purpose but still cannot be stopped.
func (s *Server) signupDetached(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	go func() { // want `the goroutine started by signupDetached outlives the request`
		ctx := context.Background()
		s.mail.SendCtx(ctx, email, "welcome")
	}()
}

// signupTracked registers the goroutine with the server's WaitGroup.
func (s *Server) signupTracked(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.mail.Send(email, "welcome")
	}()
}

// signupServerCtx runs under the server's context, cancelled at shutdown.
func (s *Server) signupServerCtx(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	go s.mail.SendCtx(s.base, email, "welcome")
}

// signupTimeout bounds the work with a deadline.
func (s *Server) signupTimeout(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.mail.SendCtx(ctx, email, "welcome")
	}()
}

// signupJoined waits for the goroutine before answering.
func (s *Server) signupJoined(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.mail.Send(r.FormValue("email"), "welcome")
	}()
	<-done
}

// notify is a gin handler that fires and forgets.
func (s *Server) notify(c *gin.Context) {
	to := c.Param("to")
	go s.mail.Send(to, "ping") // want `the goroutine started by notify outlives the request`
	c.JSON(http.StatusOK, nil)
}

// watch starts, per request, a goroutine that loops forever.
func (s *Server) watch(w http.ResponseWriter, r *http.Request) {
	go func() { // want `the goroutine started here on every call of watch has no path that returns, so each call leaks one; give it an exit on ctx.Done\(\) or on a closed channel`
		t := time.NewTicker(time.Second)
		for range t.C {
			s.mail.Send("ops", "tick")
		}
	}()
}

// watchCtx leaves when the request ends.
func (s *Server) watchCtx(w http.ResponseWriter, r *http.Request) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-t.C:
				s.mail.Send("ops", "tick")
			}
		}
	}()
}

// Start runs once at startup: a background loop for the process's lifetime
// is fine.
func (s *Server) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			s.mail.Send("ops", "alive")
		}
	}()
}

// Reset has a handler's signature but is never handed to a router: it
// re-arms a pooled request object once, and is no entry point.
func (s *Server) Reset(w http.ResponseWriter, r *http.Request) {
	go s.mail.Send("ops", "reset")
}

func (s *Server) routes(mux *http.ServeMux, g *gin.RouterGroup) {
	for path, h := range map[string]http.HandlerFunc{
		"/signup": s.signup, "/detached": s.signupDetached, "/tracked": s.signupTracked,
		"/serverctx": s.signupServerCtx, "/timeout": s.signupTimeout, "/joined": s.signupJoined,
		"/watch": s.watch, "/watchctx": s.watchCtx,
	} {
		mux.HandleFunc(path, h)
	}
	g.GET("/notify", s.notify)
}

// poll reaches a helper that starts a loop with no way out on every call.
func (s *Server) poll(w http.ResponseWriter, r *http.Request) {
	s.startTicker()
	s.startOnce()
	s.startGuarded()
}

func (s *Server) startTicker() {
	go func() { // want `the goroutine started here has no path that returns, and startTicker runs on the request path of poll, so every request that reaches it leaks one`
		t := time.NewTicker(time.Second)
		for range t.C {
			s.mail.Send("ops", "tick")
		}
	}()
}

// startOnce starts its loop once for the process.
func (s *Server) startOnce() {
	s.once.Do(func() { s.loop() })
}

func (s *Server) loop() {
	go func() {
		for range time.Tick(time.Minute) {
			s.mail.Send("ops", "hourly")
		}
	}()
}

// startGuarded starts its loop only once per server.
func (s *Server) startGuarded() {
	if s.started {
		return
	}
	s.started = true
	go func() {
		for range time.Tick(time.Minute) {
			s.mail.Send("ops", "guarded")
		}
	}()
}

func (s *Server) morePaths(mux *http.ServeMux) {
	mux.HandleFunc("/poll", s.poll)
}
