package datarace_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/datarace"
)

func testdata(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCaptured(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/captured")
}

func TestLoopVar(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/loopvar")
}

func TestWaitGroup(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/waitgroup")
}

func TestEntryPoints(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/entry/orders")
}

func TestGuarded(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/guarded/sessions", "datarace/guarded/gateway")
}

func TestParallelTests(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/paralleltest")
}
