// Package mutablecache defines the msvclint check mutablecache.
//
// # Analyzer mutablecache
//
// mutablecache: report caches that hand out, keep or go stale with mutable data
//
// A cache that hands out the slice, map or pointer it stores lets one caller change the value every other caller sees.
//
// WRONG:
//
//	func (c *Cache) Get(k string) []string { return c.m[k] }
//
// RIGHT:
//
//	func (c *Cache) Get(k string) []string { return slices.Clone(c.m[k]) }
//
// # Options
//
// None yet.
//
// # Suppressing a finding
//
// Put //msvclint:ignore mutablecache followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package mutablecache
