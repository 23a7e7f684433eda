package chanops_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/passes/chanops"
)

func TestFacts(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, chanops.Analyzer, "unboundedgo/chanopsfacts")
}

func TestOpsString(t *testing.T) {
	if got, want := (chanops.Send | chanops.Close).String(), "send+close"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
