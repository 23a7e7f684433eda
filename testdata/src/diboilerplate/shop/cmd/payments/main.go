// Command payments opens its database by hand, without the connection
// lifetime the platform's provider sets.
package main

import (
	"database/sql"
	"log"
	"net/http"

	"diboilerplate/shop/platform"
)

func main() {
	cfg := platform.Config{DSN: "postgres://payments", MaxOpenConns: 10, Addr: ":8081"}
	conn, err := sql.Open("postgres", cfg.DSN) // want `^cmd/payments/main\.go lacks SetConnMaxLifetime, which platform/platform\.go sets, likely a missed fix: this database pool setup repeats the recipe of the shared provider platform\.OpenDB \(other differences: SetMaxIdleConns is cfg\.MaxOpenConns / 2 in platform/platform\.go but 5 in cmd/payments/main\.go\); a hand-written copy misses every later fix to it, so call platform\.OpenDB instead`
	if err != nil {
		log.Fatal(err)
	}
	conn.SetMaxIdleConns(5)
	conn.SetMaxOpenConns(cfg.MaxOpenConns)
	if err := conn.Ping(); err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	// The provider is reused for the listener: no finding.
	srv := platform.NewHTTPServer(cfg, http.NewServeMux())
	log.Fatal(srv.ListenAndServe())
}
