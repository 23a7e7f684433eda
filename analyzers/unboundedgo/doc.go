// Package unboundedgo defines the msvclint check unboundedgo.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines started without a limit and goroutines that can never exit
//
// A goroutine per request or message with nothing bounding how many run turns a burst into memory exhaustion; a goroutine that never exits leaks on every call.
//
// WRONG:
//
//	for msg := range msgs {
//		go handle(msg) // one goroutine per message, no limit
//	}
//
// RIGHT:
//
//	sem := make(chan struct{}, 16)
//	for msg := range msgs {
//		sem <- struct{}{}
//		go func() { defer func() { <-sem }(); handle(msg) }()
//	}
//
// # Options
//
// None yet.
//
// # Suppressing a finding
//
// Put //msvclint:ignore unboundedgo followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package unboundedgo
