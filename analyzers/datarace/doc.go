// Package datarace defines the msvclint check datarace.
//
// # Analyzer datarace
//
// datarace: report data races a reviewer can prove from the code
//
// A race that tests never execute ships: the race detector only sees what runs, and a racy map write crashes the process.
//
// WRONG:
//
//	var n int
//	for _, x := range xs {
//		go func() { n += x }() // n is written by every goroutine
//	}
//
// RIGHT:
//
//	var n atomic.Int64
//	for _, x := range xs {
//		go func() { n.Add(int64(x)) }()
//	}
//
// # Options
//
// None yet.
//
// # Suppressing a finding
//
// Put //msvclint:ignore datarace followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package datarace
