package forget

import (
	"io"
	"net"
	"net/http"
)

// tunnel is a CONNECT proxy: the copying goroutines live as long as the
// hijacked connection, by design.
func tunnel(w http.ResponseWriter, r *http.Request) {
	target, err := net.Dial("tcp", r.Host)
	if err != nil {
		return
	}
	client, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	go io.Copy(target, client)
	go func() {
		io.Copy(client, target)
		target.Close()
	}()
}

// drainBody reads the body in the background; it ends when the server
// closes the body.
func drainBody(w http.ResponseWriter, r *http.Request) {
	go io.Copy(io.Discard, r.Body)
}

// Hub hands the work to a loop that reports back on a channel the hub owns.
func newHubHandler(results chan<- string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.FormValue("q")
		go func() { results <- q }()
	}
}
