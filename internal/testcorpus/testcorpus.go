// Package testcorpus locates the analysistest corpus, testdata/ at the root
// of the msvclint module, for the tests of every check and pass.
package testcorpus

import (
	"os"
	"path/filepath"
)

// Dir returns the corpus's absolute path, found by walking up from the test's
// working directory (its package directory) to the module root. It panics
// when there is none: a test run outside the module is a broken setup.
func Dir() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("testcorpus: no go.mod above the test's directory")
		}
		dir = parent
	}
}
