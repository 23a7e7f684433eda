// Package svc is the module the golangci-lint integration test lints.
package svc

// Sum adds xs.
func Sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x //msvclint:ignore datarace runs on one goroutine
	}
	return total
}

// Max returns the largest of xs.
func Max(xs []int) int {
	m := 0
	for _, x := range xs { //msvclint:ignore unboundedgo
		m = max(m, x)
	}
	return m
}

// Min keeps a stale directive that golangci-lint's own directive silences.
//
//nolint:datarace // the stale directive below is kept on purpose
func Min(xs []int) int {
	m := 0
	for _, x := range xs {
		m = min(m, x) //msvclint:ignore datarace kept for the test
	}
	return m
}

// Count is not analyzed by mutablecache, which .golangci.yml leaves off.
func Count(xs []int) int {
	return len(xs) //msvclint:ignore mutablecache not a cache
}
