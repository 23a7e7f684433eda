package unboundedgo_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/unboundedgo"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestLeak(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/leak")
}

func TestSpawn(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/spawn")
}

func TestForget(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/forget")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), unboundedgo.Analyzer, "unboundedgo/fix")
}
