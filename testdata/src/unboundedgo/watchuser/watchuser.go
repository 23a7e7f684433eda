// Package watchuser calls watchlib from its handlers.
package watchuser

import (
	"net/http"

	"unboundedgo/watchlib"
)

type API struct{ w *watchlib.Watcher }

func (a *API) watch(rw http.ResponseWriter, r *http.Request) {
	a.w.Watch(r.URL.Path) // want `watch calls watchlib.Watcher.Watch on every request, and every call of watchlib.Watcher.Watch starts a goroutine that can never return \(watchlib.go:19\), so each request leaks one`
}

func (a *API) subscribe(rw http.ResponseWriter, r *http.Request) {
	a.follow(r.URL.Path)
}

func (a *API) follow(key string) {
	_ = a.w.Subscribe(key) // want `follow, on the request path of subscribe, calls watchlib.Watcher.Subscribe on every request, and every call of watchlib.Watcher.Subscribe starts a goroutine that can never return \(through watchlib.Watcher.register, watchlib.go:19\)`
}

// watchCtx's goroutine ends with the request.
func (a *API) watchCtx(rw http.ResponseWriter, r *http.Request) {
	a.w.WatchCtx(r.Context(), r.URL.Path)
}

// start's Watcher starts its poller once, however many requests call it.
func (a *API) start(rw http.ResponseWriter, r *http.Request) {
	a.w.Start()
}

// Run calls Watch once, from main: no request repeats it.
func (a *API) Run() { a.w.Watch("/") }

func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/watch", a.watch)
	mux.HandleFunc("/subscribe", a.subscribe)
	mux.HandleFunc("/watchctx", a.watchCtx)
	mux.HandleFunc("/start", a.start)
}
