// Package jobs is an older batch runner that opens its own database.
package jobs

import (
	"database/sql"
	"time"
)

// Run opens the jobs database; the recipe is not exported as a provider.
func Run(dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxLifetime(5 * time.Minute)
	return work(db)
}

func work(*sql.DB) error { return nil }

// Probe only opens and pings: too little in common with Run to be a copy.
func Probe(dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}
