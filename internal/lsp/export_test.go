package lsp

import "time"

// SetProgressAfter changes how long a run goes before it reports progress,
// for a test, and returns the function that restores it.
func SetProgressAfter(d time.Duration) (restore func()) {
	old := progressAfter
	progressAfter = d
	return func() { progressAfter = old }
}
