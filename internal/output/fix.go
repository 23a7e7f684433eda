package output

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"maps"
	"os"
	"slices"

	"github.com/aymanbagabas/go-udiff"
)

// FixResult is what applying the findings' fixes would change.
type FixResult struct {
	Files   map[string][]byte // new content by file name
	Old     map[string][]byte // the content the fixes were applied to
	Applied int               // fixes applied
	Skipped int               // fixes left out because they overlap an applied one
	// Unfixed are the findings that remain: those without a fix, and those
	// whose fix was left out.
	Unfixed []Finding
}

// Fixes applies the first suggested fix of each finding to the files on
// disk, in position order. A fix whose edits overlap an edit already taken
// is left out whole (the user runs -fix again); an edit identical to one
// already taken is applied once, as when a file is in a package and its test
// variant. Files that were gofmt-clean are formatted after editing.
func Fixes(findings []Finding) (*FixResult, error) {
	res := &FixResult{Files: map[string][]byte{}, Old: map[string][]byte{}}
	taken := map[string][]Edit{}
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			res.Unfixed = append(res.Unfixed, f)
			continue
		}
		edits := f.Fixes[0].Edits
		if conflicts(taken, edits) {
			res.Skipped++
			res.Unfixed = append(res.Unfixed, f)
			continue
		}
		for _, e := range edits {
			if !slices.Contains(taken[e.Start.Filename], e) {
				taken[e.Start.Filename] = append(taken[e.Start.Filename], e)
			}
		}
		res.Applied++
	}
	for _, name := range slices.Sorted(maps.Keys(taken)) {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out, err := apply(old, taken[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if gofmt, err := format.Source(old); err == nil && bytes.Equal(gofmt, old) {
			if out, err = format.Source(out); err != nil {
				return nil, fmt.Errorf("%s: the fixed file does not parse: %w", name, err)
			}
		}
		res.Old[name], res.Files[name] = old, out
	}
	return res, nil
}

// conflicts reports whether any edit overlaps, without being identical to,
// an edit already taken. Two insertions at one offset overlap.
func conflicts(taken map[string][]Edit, edits []Edit) bool {
	for _, e := range edits {
		for _, t := range taken[e.Start.Filename] {
			if t == e {
				continue
			}
			if e.Start.Offset < t.End.Offset && t.Start.Offset < e.End.Offset ||
				e.Start.Offset == t.Start.Offset && (e.Start.Offset == e.End.Offset || t.Start.Offset == t.End.Offset) {
				return true
			}
		}
	}
	return false
}

func apply(src []byte, edits []Edit) ([]byte, error) {
	slices.SortStableFunc(edits, func(a, b Edit) int { return cmp.Compare(a.Start.Offset, b.Start.Offset) })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.Start.Offset < at || e.End.Offset > len(src) {
			return nil, fmt.Errorf("edit at offset %d is out of range", e.Start.Offset)
		}
		out.Write(src[at:e.Start.Offset])
		out.WriteString(e.NewText)
		at = e.End.Offset
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

// Diff is a unified diff of one file with minimal hunks and three lines of
// context, labelled with name on both sides so that patch -p0 and
// git apply -p0 take it.
func Diff(name string, old, new []byte) string {
	return udiff.Unified(name, name, string(old), string(new))
}
