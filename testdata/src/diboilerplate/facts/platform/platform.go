package platform // want package:`wiring\(sql\.Open@platform\.OpenDB/4 http\.Server@platform\.serve/3 ctor platform\.NewDeps\)`

import (
	"database/sql"
	"log/slog"
	"net/http"
	"time"
)

// OpenDB is a provider: it builds and returns the pool.
func OpenDB(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(time.Hour)
	return db, nil
}

// serve builds a server but does not return it: a recipe, not a provider.
func serve(h http.Handler) error {
	srv := &http.Server{Addr: ":80", Handler: h, ReadTimeout: time.Second}
	return srv.ListenAndServe()
}

type Deps struct {
	DB  *sql.DB
	Log *slog.Logger
}

func NewDeps(db *sql.DB, log *slog.Logger) *Deps {
	return &Deps{DB: db, Log: log}
}

type deps2 struct{ db *sql.DB }

// newDeps2 is a constructor too, but unexported: it stays out of the fact.
func newDeps2(db *sql.DB) *deps2 { return &deps2{db: db} }
