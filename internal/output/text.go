package output

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/driver"
)

// Text writes the findings of res as x/tools' drivers do: "file:line:col:
// message", then each related position indented, and with contextLines >= 0
// the lines around each. A file in both a package and its test variant is
// reported once.
func Text(w io.Writer, res *driver.Result, contextLines int) error {
	type key struct {
		start, end token.Position
		check, msg string
	}
	seen := map[key]bool{}
	bw := bufio.NewWriter(w)
	for _, root := range res.Roots {
		for _, an := range root.Analyses {
			for _, d := range an.Diagnostics {
				k := key{res.Fset.Position(d.Pos), res.Fset.Position(d.End), an.Analyzer.Name, d.Message}
				if seen[k] {
					continue
				}
				seen[k] = true
				printPlain(bw, res.Fset, contextLines, d.Pos, d.End, d.Message)
				for _, r := range d.Related {
					printPlain(bw, res.Fset, contextLines, r.Pos, r.End, "\t"+r.Message)
				}
			}
		}
	}
	return bw.Flush()
}

func printPlain(w io.Writer, fset *token.FileSet, contextLines int, pos, end token.Pos, msg string) {
	posn := fset.Position(pos)
	fmt.Fprintf(w, "%s: %s\n", posn, msg)
	if contextLines < 0 {
		return
	}
	last := fset.Position(end)
	if !last.IsValid() {
		last = posn
	}
	data, _ := os.ReadFile(posn.Filename)
	lines := strings.Split(string(data), "\n")
	for i := posn.Line - contextLines; i <= last.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// JSON writes the findings of res in the JSON form of x/tools' drivers and
// go vet: package ID, then check name, then the diagnostics or an error.
// Consumers of vet's JSON read it unchanged.
func JSON(w io.Writer, res *driver.Result) error {
	tree := map[string]map[string]any{}
	add := func(id, check string, v any) {
		if tree[id] == nil {
			tree[id] = map[string]any{}
		}
		tree[id][check] = v
	}
	for _, root := range res.Roots {
		if root.Err != nil {
			for _, a := range res.Suite {
				add(root.ID, a.Name, jsonError{root.Err.Error()})
			}
			continue
		}
		for _, an := range root.Analyses {
			switch {
			case an.Err != nil:
				add(root.ID, an.Analyzer.Name, jsonError{an.Err.Error()})
			case len(an.Diagnostics) > 0:
				add(root.ID, an.Analyzer.Name, jsonDiagnostics(res.Fset, an.Diagnostics))
			}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

type jsonError struct {
	Err string `json:"error"`
}

type jsonDiagnostic struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

func jsonDiagnostics(fset *token.FileSet, diags []analysis.Diagnostic) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     fset.Position(d.Pos).String(),
			End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
		}
		for _, fix := range d.SuggestedFixes {
			jf := jsonFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				start, end := fset.Position(e.Pos), fset.Position(e.End)
				jf.Edits = append(jf.Edits, jsonEdit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, jd)
	}
	return out
}
