package main_test

import (
	"strings"
	"testing"
)

const siblingMain = `package main

import (
	"database/sql"
	"log"
	"time"
)

func main() {
	db, err := sql.Open("postgres", "postgres://%s")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	_ = db
}
`

// TestVetSeesImportsOnly: go vet analyzes one package per process with its
// imports' facts, so copies between sibling mains are found by the
// standalone run alone, as the README says.
func TestVetSeesImportsOnly(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":            "module example.com/twins\n\ngo 1.24\n",
		"cmd/left/main.go":  strings.Replace(siblingMain, "%s", "left", 1),
		"cmd/right/main.go": strings.Replace(siblingMain, "%s", "right", 1),
	})
	vet := run(t, dir, nil, "go", "vet", "-vettool="+msvclint, "./...")
	if vet.code != 0 || strings.Contains(vet.stderr, "copied in") {
		t.Errorf("go vet reported copies between packages it analyzes apart:\n%s", vet)
	}
	alone := run(t, dir, nil, msvclint, "-diboilerplate", "./...")
	if alone.code != 3 || !strings.Contains(alone.stderr, "cmd/right/main.go:10:2: this database pool setup is copied in 2 places (first in left/main.go:10)") {
		t.Errorf("the standalone run missed the sibling copy:\n%s", alone)
	}
}
