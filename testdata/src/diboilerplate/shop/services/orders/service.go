// Package orders is the orders service's domain layer.
package orders

import (
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"diboilerplate/shop/platform"
)

type Service struct {
	db     *sql.DB
	logger *slog.Logger
	cfg    platform.Config
}

// NewService only copies its dependencies: the first copy of the pattern.
func NewService(db *sql.DB, logger *slog.Logger, cfg platform.Config) *Service {
	if db == nil {
		panic("orders: nil db")
	}
	return &Service{db: db, logger: logger, cfg: cfg}
}

type Refunds struct {
	db *sql.DB
}

// NewRefunds was copied from NewService and lost its logger on the way.
func NewRefunds(db *sql.DB, logger *slog.Logger) *Refunds { // want `NewRefunds takes logger \(\*log/slog\.Logger\) but never stores or uses it; the built value silently runs without that dependency, so store logger in a field or remove the parameter`
	return &Refunds{db: db}
}

type Ledger struct {
	db      *sql.DB
	logger  *slog.Logger
	timeout time.Duration
}

// NewLedger validates its input: real logic, not a field copy.
func NewLedger(db *sql.DB, logger *slog.Logger, timeout time.Duration) (*Ledger, error) {
	if timeout <= 0 {
		return nil, errors.New("orders: ledger timeout must be positive")
	}
	return &Ledger{db: db, logger: logger, timeout: timeout.Round(time.Second)}, nil
}

type Archiver struct {
	db *sql.DB
}

// NewArchiver keeps an unused parameter because its signature is imposed by
// the registry it is handed to.
func NewArchiver(db *sql.DB, logger *slog.Logger) *Archiver {
	return &Archiver{db: db}
}

var Factories = []func(*sql.DB, *slog.Logger) *Archiver{NewArchiver}
