package diboilerplate

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/runner"
)

//go:embed doc.go
var doc string

// Analyzer is the diboilerplate check.
var Analyzer = &analysis.Analyzer{
	Name: "diboilerplate",
	Doc:  checkdoc.MustExtract(doc, "diboilerplate"),
	URL:  "https://github.com/msvclint/msvclint/blob/main/analyzers/diboilerplate/doc.go",
	Run:  runner.Wrap(run),
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
