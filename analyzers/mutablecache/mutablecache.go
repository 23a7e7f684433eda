package mutablecache

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/checkdoc"
	"github.com/msvclint/msvclint/internal/runner"
)

//go:embed doc.go
var doc string

// Analyzer is the mutablecache check.
var Analyzer = &analysis.Analyzer{
	Name: "mutablecache",
	Doc:  checkdoc.MustExtract(doc, "mutablecache"),
	URL:  "https://github.com/msvclint/msvclint/blob/main/analyzers/mutablecache/doc.go",
	Run:  runner.Wrap(run),
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
