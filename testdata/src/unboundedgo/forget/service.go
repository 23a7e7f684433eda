package forget

import (
	"context"
	"net/http"
	"sync"
)

// Accounts is the service layer its handlers call: its methods run on
// every request that reaches them.
type Accounts struct {
	mail    *Mailer
	wg      sync.WaitGroup
	mu      sync.Mutex
	started bool
}

type Front struct{ accounts *Accounts }

func (f *Front) register(w http.ResponseWriter, r *http.Request) {
	f.accounts.Register(r.Context(), r.FormValue("email"))
}

func (f *Front) Routes(mux *http.ServeMux) { mux.HandleFunc("/register", f.register) }

func (a *Accounts) Register(ctx context.Context, email string) {
	a.audit(email)
	go a.mail.Send(email, "welcome") // want `the goroutine started by Register, which runs on the request path of register, outlives the request with no context and nothing that waits for it`
	a.registerTracked(email)
	a.registerCtx(ctx, email)
	a.registerJoined(email)
	a.warm()
}

func (a *Accounts) audit(email string) {
	go a.mail.Send("audit", email) // want `the goroutine started by audit, which runs on the request path of register, outlives the request`
}

// registerTracked counts the goroutine in a WaitGroup shutdown waits on.
func (a *Accounts) registerTracked(email string) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.mail.Send(email, "tracked")
	}()
}

// registerCtx hands the goroutine the request's context.
func (a *Accounts) registerCtx(ctx context.Context, email string) {
	go a.mail.SendCtx(ctx, email, "ctx")
}

// registerJoined waits for its goroutine before returning.
func (a *Accounts) registerJoined(email string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.mail.Send(email, "joined")
	}()
	<-done
}

// warm starts its goroutine once per Accounts, not once per request.
func (a *Accounts) warm() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.started {
		return
	}
	a.started = true
	go a.mail.Send("ops", "warm")
}

// Reindex is reached from no handler: main runs it once.
func (a *Accounts) Reindex() {
	go a.mail.Send("ops", "reindex")
}
