// Package goroot is the one answer to "is this file the standard library's?"
// for the driver, the go vet protocol and the passes: a file is the standard
// library's when it lies under GOROOT/src, whatever its import path looks
// like (analysistest's GOPATH packages have dotless paths too).
package goroot

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
)

// Src is the directory of the standard library's sources under root, with a
// trailing separator so that a sibling such as /go/srcfoo does not match.
// It is "" when root is.
func Src(root string) string {
	if root == "" {
		return ""
	}
	return filepath.Join(root, "src") + string(filepath.Separator)
}

// Holds reports whether path (a file or a directory) lies under src, a
// result of Src.
func Holds(src, path string) bool {
	if src == "" || path == "" {
		return false
	}
	path = filepath.Clean(path)
	return strings.HasPrefix(path+string(filepath.Separator), src)
}

// OfProcess is the GOROOT this process sees: go vet sets $GOROOT in a vet
// tool's environment, and otherwise the toolchain that built the binary
// knows its own.
func OfProcess() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	return build.Default.GOROOT
}
