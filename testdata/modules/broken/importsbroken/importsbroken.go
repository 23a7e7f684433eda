// Package importsbroken is fine itself but imports a package that does not
// type-check.
package importsbroken

import "example.com/broken/types"

// Shared is used by every handler.
var Shared types.Counter

// Bump adds one.
func Bump() int { return Shared.Add(1) }
