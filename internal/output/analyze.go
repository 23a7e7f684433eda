package output

import (
	"errors"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/driver"
)

// Analyze runs suite on the packages matching patterns and fails when a
// package (or a dependency) does not load or type-check, naming the first
// problems: for callers that want all of a run or nothing, such as the
// editor server while the user is typing.
func Analyze(opts driver.Options, suite []*analysis.Analyzer, patterns ...string) (*driver.Result, error) {
	res, err := driver.Run(opts, suite, patterns...)
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, errors.Join(res.Errors[:min(len(res.Errors), 10)]...)
	}
	return res, nil
}
