package chanops_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/chanops"
)

func TestFacts(t *testing.T) {
	dir := testcorpus.Dir()
	analysistest.Run(t, dir, chanops.Analyzer, "unboundedgo/chanopsfacts")
}

func TestOpsString(t *testing.T) {
	if got, want := (chanops.Send | chanops.Close).String(), "send+close"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
