package checkdoc

import (
	"strings"
	"testing"
)

const src = `// Package demo is a demo.
//
// # Analyzer demo
//
// demo: report demo things
//
// Why it matters.
//
// # Options
//
//	-demo.level (default 1): how much
//
// # Suppressing a finding
//
// Write //msvclint:ignore demo reason.
package demo
`

func TestExtract(t *testing.T) {
	doc, err := Extract(src, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if got := Summary(doc); got != "report demo things" {
		t.Errorf("Summary = %q", got)
	}
	if got := Section(doc, "Options"); !strings.Contains(got, "-demo.level") || strings.Contains(got, "Suppressing") {
		t.Errorf("Section(Options) = %q", got)
	}
	if got := Section(doc, "Suppressing a finding"); got != "Write //msvclint:ignore demo reason." {
		t.Errorf("Section(Suppressing) = %q", got)
	}
}

func TestExtractErrors(t *testing.T) {
	for name, s := range map[string]string{
		"no comment":  "package demo\n",
		"no heading":  "// Package demo.\npackage demo\n",
		"bad summary": "// Package demo.\n//\n// # Analyzer demo\n//\n// report things\npackage demo\n",
		"not go":      "func {",
	} {
		if _, err := Extract(s, "demo"); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
