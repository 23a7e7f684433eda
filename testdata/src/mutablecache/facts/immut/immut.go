// Package immut declares types shared read-only on purpose.
package immut

// Config is loaded once and never changed.
//
//msvclint:immutable
type Config struct { // want Config:"immutable"
	Flags map[string]bool
}

// Plain is ordinary data.
type Plain struct{ X []int }

type (
	// Routes is a table built at start-up.
	//
	//msvclint:immutable
	Routes []string // want Routes:"immutable"

	// Names is ordinary data.
	Names []string
)
