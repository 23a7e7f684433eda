// Command api is a main package: nothing can import it, so it exports no fact.
package main

import (
	"database/sql"
	"time"

	"diboilerplate/facts/platform"
)

func main() {
	db, _ := sql.Open("postgres", "")
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(time.Hour)
	_ = platform.OpenDB
}
