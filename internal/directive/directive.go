// Package directive parses msvclint's in-source comment directives.
//
// Two forms exist: "//msvclint:ignore NAME[,NAME...] reason" suppresses one
// finding, and "//msvclint:KEY args" carries an annotation for a check (for
// example "//msvclint:guardedby mu"). Parsing is pure so that it can be fuzzed.
package directive

import (
	"strings"
	"unicode"
)

// Prefix starts every msvclint directive. Like //go: and //nolint, there is no
// space after the slashes, so ordinary prose comments never match.
const Prefix = "//msvclint:"

// Directive is one parsed //msvclint: comment.
type Directive struct {
	Key  string   // "ignore", "guardedby", "immutable", ...
	Args []string // for ignore: the check names; otherwise the fields after Key
	Text string   // for ignore: the free-text reason, trimmed
}

// Parse parses a single comment's text (including the leading "//"). It reports
// false for comments that are not msvclint directives.
func Parse(comment string) (Directive, bool) {
	rest, ok := strings.CutPrefix(comment, Prefix)
	if !ok {
		return Directive{}, false
	}
	key, rest := cutWord(rest)
	if key == "" || !isKey(key) {
		return Directive{}, false
	}
	d := Directive{Key: key}
	if key != "ignore" {
		if f := strings.Fields(rest); len(f) > 0 {
			d.Args = f
		}
		return d, true
	}
	names, reason := cutWord(rest)
	for _, n := range strings.Split(names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			d.Args = append(d.Args, n)
		}
	}
	d.Text = strings.TrimSpace(reason)
	return d, true
}

// Names reports whether d is an ignore directive naming check, or one of
// its categories as "check/category".
func (d Directive) Names(check string) bool {
	if d.Key != "ignore" {
		return false
	}
	for _, a := range d.Args {
		if a == check || a == "all" || strings.HasPrefix(a, check+"/") {
			return true
		}
	}
	return false
}

// Covers reports whether d is an ignore directive for a finding of check in
// category: it names the check, all checks, or "check/category", the code
// msvclint prints after each finding.
func (d Directive) Covers(check, category string) bool {
	if d.Key != "ignore" {
		return false
	}
	for _, a := range d.Args {
		if a == check || a == "all" || category != "" && a == check+"/"+category {
			return true
		}
	}
	return false
}

func cutWord(s string) (word, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func isKey(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}
