// Package exits holds helpers whose callers' paths end, proved by ctrlflow's
// facts in another package.
package exits

import (
	"fmt"
	"os"
)

// Die always exits.
func Die(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}

// Warn returns.
func Warn(msg string) { fmt.Fprintln(os.Stderr, msg) }

// DieIf exits only on error.
func DieIf(err error) {
	if err != nil {
		os.Exit(1)
	}
}
