// Command orders reuses the platform's database provider but writes its HTTP
// server by hand.
package main

import (
	"log"
	"net/http"
	"time"

	"diboilerplate/shop/platform"
)

func main() {
	cfg := platform.Config{DSN: "postgres://orders", MaxOpenConns: 20, Addr: ":8080"}
	db, err := platform.OpenDB(cfg) // the provider is reused: no finding
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	mux := http.NewServeMux()
	srv := &http.Server{ // want `^cmd/orders/main\.go lacks IdleTimeout, which platform/platform\.go sets, likely a missed fix: this HTTP server setup repeats the recipe of the shared provider platform\.NewHTTPServer; a hand-written copy misses every later fix to it, so call platform\.NewHTTPServer instead`
		Addr:              cfg.Addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
