// Package checkdoc extracts a check's documentation from its doc.go, which is
// the single source for Analyzer.Doc, `msvclint help NAME`, the README table
// and SARIF rule text.
package checkdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract is Extract for package initialization: a malformed doc.go is a
// programming error that the registry test catches before it ships.
func MustExtract(src, name string) string {
	doc, err := Extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract returns the part of doc.go's package comment from the heading
// "# Analyzer NAME" on. Its first paragraph, "NAME: summary", becomes the
// summary line that go/analysis drivers print as the first line of Doc.
func Extract(src, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("checkdoc: parsing doc.go of %s: %w", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("checkdoc: doc.go of %s has no package comment", name)
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	i := strings.Index(text, heading)
	if i < 0 {
		return "", fmt.Errorf("checkdoc: doc.go of %s lacks the heading %q", name, strings.TrimSpace(heading))
	}
	body := strings.TrimLeft(text[i+len(heading):], "\n")
	summary, rest, _ := strings.Cut(body, "\n")
	summary, ok := strings.CutPrefix(summary, name+": ")
	if !ok {
		return "", fmt.Errorf("checkdoc: doc.go of %s must start its section with %q", name, name+": summary")
	}
	return strings.TrimSpace(summary) + "\n" + strings.TrimRight(rest, "\n") + "\n", nil
}

// Summary is the first line of a Doc.
func Summary(doc string) string {
	s, _, _ := strings.Cut(doc, "\n")
	return s
}

// Section returns the body of the "# TITLE" section of a Doc, up to the next
// heading, or "" when there is none.
func Section(doc, title string) string {
	_, after, ok := strings.Cut(doc, "\n# "+title+"\n")
	if !ok {
		return ""
	}
	if j := strings.Index(after, "\n# "); j >= 0 {
		after = after[:j]
	}
	return strings.TrimSpace(after)
}
