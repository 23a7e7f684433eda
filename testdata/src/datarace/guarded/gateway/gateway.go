// Package gateway uses the session store of another package: the guards
// travel as facts.
package gateway

import (
	"net/http"

	"datarace/guarded/sessions"
)

type Gateway struct{ store *sessions.Store }

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.store.Owner == "" { // want `g.store.Owner is read without g.store.mu held but annotated //msvclint:guardedby mu`
		http.Error(w, "no owner", http.StatusServiceUnavailable)
	}
}
