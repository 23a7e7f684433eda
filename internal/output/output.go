// Package output turns the results of an analysis run into findings with
// resolved positions, and writes them: text and JSON as x/tools' drivers and
// go vet print them, SARIF 2.1.0 for code scanning, GitHub workflow
// annotations, and the files -fix writes. The LSP server reads the same
// findings.
package output

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/driver"
)

// Finding is one diagnostic of one check, with its positions resolved.
type Finding struct {
	Package  string // the ID of the first root package that reported it
	Check    string
	Category string
	Message  string
	URL      string // the check's documentation
	Start    token.Position
	End      token.Position
	Related  []Related
	Fixes    []Fix
}

// Code names the finding's check and category as //msvclint:ignore and
// msvclint help take them: "datarace/waitgroup", or "datarace" alone.
func (f Finding) Code() string {
	if f.Category == "" {
		return f.Check
	}
	return f.Check + "/" + f.Category
}

// Related is another place a finding involves (the second access, say).
type Related struct {
	Start, End token.Position
	Message    string
}

// Fix is a suggested fix: edits that together resolve the finding.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes from Start to End (offsets valid) with NewText.
type Edit struct {
	Start, End token.Position
	NewText    string
}

// Report is a run's outcome, collected once: every format prints from it.
type Report struct {
	Checks   []*analysis.Analyzer // the suite that ran, for SARIF's rules
	Findings []Finding            // sorted by position, without duplicates
	Failures []Failure            // analyses that did not complete
}

// Failure is one check that could not analyze one root package, because
// the package did not load or the check failed.
type Failure struct {
	Package, Check string
	Err            error
}

// Collect returns the report of the run's roots: the findings sorted by
// position and without the duplicates a file in both a package and its
// test variant gives, and every failed analysis. The error joins the
// checks' own failures, which mean the run was not whole; packages that did
// not load are already in the driver's Result.Errors. A duplicate is the
// same check and category at the same position: the test variant's wording
// may differ (more accesses counted), and the package's own comes first.
func Collect(res *driver.Result) (*Report, error) {
	var errs []error
	rep := &Report{Checks: res.Suite}
	type key struct {
		check, category string
		pos             token.Position
	}
	seen := map[key]bool{}
	for _, root := range res.Roots {
		if root.Err != nil {
			for _, a := range res.Suite {
				rep.Failures = append(rep.Failures, Failure{root.ID, a.Name, root.Err})
			}
			continue
		}
		for _, an := range root.Analyses {
			if an.Err != nil {
				rep.Failures = append(rep.Failures, Failure{root.ID, an.Analyzer.Name, an.Err})
				errs = append(errs, fmt.Errorf("%s: %s: %w", an.Analyzer.Name, root.ID, an.Err))
			}
			for _, d := range an.Diagnostics {
				f := convert(res.Fset, an.Analyzer, d)
				f.Package = root.ID
				k := key{f.Check, f.Category, f.Start}
				if !seen[k] {
					seen[k] = true
					rep.Findings = append(rep.Findings, f)
				}
			}
		}
	}
	slices.SortStableFunc(rep.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Start.Filename, b.Start.Filename),
			cmp.Compare(a.Start.Offset, b.Start.Offset), cmp.Compare(a.Check, b.Check))
	})
	return rep, errors.Join(errs...)
}

func convert(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) Finding {
	f := Finding{
		Check:    a.Name,
		Category: d.Category,
		Message:  d.Message,
		URL:      cmp.Or(d.URL, a.URL),
	}
	f.Start, f.End = span(fset, d.Pos, d.End)
	for _, r := range d.Related {
		s, e := span(fset, r.Pos, r.End)
		f.Related = append(f.Related, Related{Start: s, End: e, Message: r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, te := range sf.TextEdits {
			s, e := span(fset, te.Pos, te.End)
			fix.Edits = append(fix.Edits, Edit{Start: s, End: e, NewText: string(te.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// span resolves a range; an invalid end means the range is the start alone.
func span(fset *token.FileSet, pos, end token.Pos) (token.Position, token.Position) {
	s := fset.Position(pos)
	if !end.IsValid() || end < pos {
		return s, s
	}
	return s, fset.Position(end)
}

// UTF16Column converts a 1-based byte column on line to the 1-based column in
// UTF-16 code units, the unit editors and SARIF count in by default.
func UTF16Column(line []byte, byteCol int) int {
	n := 0
	s := string(line[:min(max(byteCol-1, 0), len(line))])
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n + 1
}
