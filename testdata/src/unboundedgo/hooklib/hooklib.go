// Package hooklib calls replaceable hooks, some with its output lock held.
package hooklib

import (
	"fmt"
	"sync"
)

// OutMu serializes output.
var OutMu sync.Mutex

// Printf is called with OutMu held; replacements must not take it.
var Printf = func(format string, a ...any) { fmt.Printf(format, a...) }

// Notify is called with no lock held.
var Notify = func(msg string) {}

func Fprint(msg string) {
	OutMu.Lock()
	defer OutMu.Unlock()
	Printf("%s\n", msg)
}

func Done(msg string) {
	Notify(msg)
}
