// Package reports builds nightly reports on the jobs database.
package reports

import (
	"database/sql"
	"time"

	"diboilerplate/legacy/jobs"
)

func Nightly(dsn string) error {
	if err := jobs.Run(dsn); err != nil {
		return err
	}
	reportsDB, err := sql.Open("mysql", dsn) // want `this database pool setup is copied in 2 places \(first in jobs/jobs\.go:11\) and the copies are identical; copies drift apart`
	if err != nil {
		return err
	}
	reportsDB.SetConnMaxLifetime(5 * time.Minute)
	reportsDB.SetMaxIdleConns(8)
	reportsDB.SetMaxOpenConns(8)
	defer reportsDB.Close()
	return nil
}
