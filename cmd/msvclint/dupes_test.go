package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// shopTree is a module whose services are sibling main packages that do not
// import each other: only a whole-module comparison can see their copies.
const shopTree = `
-- go.mod --
module example.com/shop

go 1.24
-- cmd/orders/main.go --
package main

import (
	"database/sql"
	"log"
	"time"
)

func main() {
	db, err := sql.Open("postgres", "postgres://orders")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.Ping(); err != nil {
		log.Fatal(err)
	}
	_ = db
}
-- cmd/payments/main.go --
package main

import (
	"database/sql"
	"log"
)

func main() {
	conn, err := sql.Open("postgres", "postgres://payments")
	if err != nil {
		log.Fatal(err)
	}
	conn.SetMaxIdleConns(10)
	conn.SetMaxOpenConns(20)
	if err := conn.Ping(); err != nil {
		log.Fatal(err)
	}
	_ = conn
}
-- cmd/shipping/main.go --
package main

import (
	"database/sql"
	"log"
)

func main() {
	pool, err := sql.Open("postgres", "postgres://shipping")
	if err != nil {
		log.Fatal(err)
	}
	pool.SetMaxOpenConns(50)
	pool.SetMaxIdleConns(10)
	if err := pool.Ping(); err != nil {
		log.Fatal(err)
	}
	_ = pool
}
-- cmd/admin/main.go --
package main

import (
	"database/sql"
	"log"
)

// admin only opens and pings: not enough in common to be a copy.
func main() {
	db, err := sql.Open("postgres", "postgres://admin")
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		log.Fatal(err)
	}
	_ = db
}
-- services/orders/orders.go --
package orders

import (
	"database/sql"
	"log/slog"
	"time"
)

type Service struct {
	db      *sql.DB
	log     *slog.Logger
	timeout time.Duration
}

func NewService(db *sql.DB, log *slog.Logger, timeout time.Duration) *Service {
	return &Service{db: db, log: log, timeout: timeout}
}
-- services/payments/payments.go --
package payments

import (
	"database/sql"
	"log/slog"
	"time"
)

type Service struct {
	log     *slog.Logger
	db      *sql.DB
	timeout time.Duration
}

func NewService(log *slog.Logger, timeout time.Duration, db *sql.DB) *Service {
	if db == nil {
		panic("payments: nil db")
	}
	return &Service{db: db, log: log, timeout: timeout}
}
`

func writeTree(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDupesAcrossSiblingMains(t *testing.T) {
	t.Chdir(writeTree(t, shopTree))
	var stdout, stderr bytes.Buffer
	code := dupes(&stdout, &stderr, []string{"./..."})
	if code != 3 {
		t.Fatalf("exit code %d, want 3; stderr: %s", code, stderr.String())
	}
	want := `1. copied-wiring: database pool setup starting with sql.Open, 3 copies
   cmd/orders/main.go:10:2  orders.main
   cmd/payments/main.go:9:2  payments.main
   cmd/shipping/main.go:9:2  shipping.main
   differ: only cmd/orders/main.go sets SetConnMaxLifetime; SetMaxOpenConns is 20 in cmd/orders/main.go and cmd/payments/main.go but 50 in cmd/shipping/main.go
   plan: move it into one provider function and call it from each place

2. copied-constructor: constructor copying (*sql.DB, *slog.Logger, time.Duration) into a struct, 2 copies
   services/orders/orders.go:15:1  orders.NewService
   services/payments/payments.go:15:1  payments.NewService
   plan: build these dependencies once in a shared provider and pass that along instead of repeating the field copies
`
	if got := stdout.String(); got != want {
		t.Errorf("dupes printed:\n%s\nwant:\n%s", got, want)
	}
}

func TestDupesJSON(t *testing.T) {
	t.Chdir(writeTree(t, shopTree))
	var stdout, stderr bytes.Buffer
	if code := dupes(&stdout, &stderr, []string{"-json", "-mincopies", "3", "./cmd/..."}); code != 3 {
		t.Fatalf("exit code %d, want 3; stderr: %s", code, stderr.String())
	}
	var plan []dupesCluster
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan) != 1 || len(plan[0].Copies) != 3 || plan[0].Copies[0].File != "cmd/orders/main.go" {
		t.Errorf("plan = %+v, want one cluster of the three mains", plan)
	}
}

func TestDupesNothing(t *testing.T) {
	t.Chdir(writeTree(t, shopTree))
	var stdout, stderr bytes.Buffer
	if code := dupes(&stdout, &stderr, []string{"./cmd/admin", "./services/orders"}); code != 0 {
		t.Fatalf("exit code %d, want 0; stdout: %s stderr: %s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "no copied wiring") {
		t.Errorf("stdout = %q", stdout.String())
	}
}

// TestDupesProviderRule: the plan names the provider a copy should call by
// the findings' rule; another service's internal package is no provider for
// it, so only the main that may import its own service's server is told to
// call one.
func TestDupesProviderRule(t *testing.T) {
	t.Chdir(writeTree(t, internalTree))
	var stdout, stderr bytes.Buffer
	if code := dupes(&stdout, &stderr, []string{"./..."}); code != 3 {
		t.Fatalf("exit code %d, want 3; stderr: %s", code, stderr.String())
	}
	want := `1. bypassed-provider: HTTP server setup starting with http.Server, 3 copies
   orders/internal/server/server.go:9:2  server.NewHTTPServer  (shared provider)
   payments/cmd/payments/main.go:9:2  payments.main  -> call server.NewHTTPServer (example.com/svcs/payments/internal/server)
   payments/internal/server/server.go:9:2  server.NewHTTPServer  (shared provider)
`
	if got := stdout.String(); !strings.HasPrefix(got, want) {
		t.Errorf("dupes printed:\n%s\nwant it to start with:\n%s", got, want)
	}
}
