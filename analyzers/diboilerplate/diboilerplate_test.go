package diboilerplate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/diboilerplate"
	"github.com/msvclint/msvclint/internal/testcorpus"
)

func testdata() string {
	return testcorpus.Dir()
}

func TestShop(t *testing.T) {
	analysistest.Run(t, testdata(), diboilerplate.Analyzer,
		"diboilerplate/shop/platform",
		"diboilerplate/shop/cmd/orders",
		"diboilerplate/shop/cmd/payments",
		"diboilerplate/shop/services/orders",
		"diboilerplate/shop/services/shipping",
		"diboilerplate/shop/workers",
	)
}

func TestLegacy(t *testing.T) {
	analysistest.Run(t, testdata(), diboilerplate.Analyzer, "diboilerplate/legacy/jobs", "diboilerplate/legacy/reports")
}

// TestConversions: adapters from one settings type each are not copies.
func TestConversions(t *testing.T) {
	analysistest.Run(t, testdata(), diboilerplate.Analyzer, "diboilerplate/convert")
}

func TestGRPC(t *testing.T) {
	analysistest.Run(t, testdata(), diboilerplate.Analyzer, "diboilerplate/grpcsvc")
}

// TestKinds: each recipe kind, its copies and its look-alikes.
func TestKinds(t *testing.T) {
	for _, kind := range []string{"logger", "middleware", "otel", "grpcdial", "queues", "config", "intent", "mongo"} {
		t.Run(kind, func(t *testing.T) {
			analysistest.Run(t, testdata(), diboilerplate.Analyzer, "diboilerplate/kinds/"+kind)
		})
	}
}
