// Package diboilerplate defines the msvclint check diboilerplate.
//
// # Analyzer diboilerplate
//
// diboilerplate: report dependency-injection wiring copied across services instead of written once
//
// Copied wiring drifts: one copy gets the timeout fix and the others do not, and every change must be made in each copy.
//
// WRONG:
//
//	// cmd/orders/main.go and cmd/payments/main.go both do:
//	db, err := sql.Open("postgres", dsn)
//	db.SetMaxOpenConns(20)
//
// RIGHT:
//
//	db, err := platform.OpenDB(cfg) // written once, called by every service
//
// # Options
//
// None yet.
//
// # Suppressing a finding
//
// Put //msvclint:ignore diboilerplate followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package diboilerplate
