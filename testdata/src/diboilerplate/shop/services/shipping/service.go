// Package shipping is the shipping service's domain layer. It calls the
// orders service and copied its constructor.
package shipping

import (
	"database/sql"
	"log/slog"

	"diboilerplate/shop/platform"
	"diboilerplate/shop/services/orders"
)

type Service struct {
	cfg    platform.Config
	db     *sql.DB
	log    *slog.Logger
	orders *orders.Service
}

func NewService(cfg platform.Config, log *slog.Logger, db *sql.DB) *Service { // want `NewService copies the same dependencies \(\*sql\.DB, \*slog\.Logger, platform\.Config\) into a struct as 1 other constructor \(first orders\.NewService\); build them once in a shared provider and pass that along instead of repeating the field copies in every service`
	return &Service{cfg: cfg, db: db, log: log}
}

type Quotes struct {
	db  *sql.DB
	log *slog.Logger
}

// NewQuotes has a different dependency signature: no finding.
func NewQuotes(db *sql.DB, log *slog.Logger) *Quotes {
	return &Quotes{db: db, log: log}
}
