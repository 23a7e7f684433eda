package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Text writes findings as go vet and staticcheck print them: "file:line:col:
// message (check/category)", so the reader knows what to name in
// //msvclint:ignore, then each related position indented, and with
// contextLines >= 0 the lines around each. Paths below dir are written
// relative to it.
func Text(w io.Writer, rep *Report, dir string, contextLines int) error {
	bw := bufio.NewWriter(w)
	for _, f := range rep.Findings {
		printPlain(bw, dir, contextLines, f.Start, f.End, f.Message+" ("+f.Code()+")")
		for _, r := range f.Related {
			printPlain(bw, dir, contextLines, r.Start, r.End, "\t"+r.Message)
		}
	}
	return bw.Flush()
}

func printPlain(w io.Writer, dir string, contextLines int, posn, last token.Position, msg string) {
	shown := posn
	shown.Filename = Rel(dir, posn.Filename)
	fmt.Fprintf(w, "%s: %s\n", shown, msg)
	if contextLines < 0 {
		return
	}
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

// Rel returns file relative to dir when it lies below dir, and file
// otherwise.
func Rel(dir, file string) string {
	if dir == "" {
		return file
	}
	if rel, err := filepath.Rel(dir, file); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return file
}

// JSON writes the findings in the JSON form of x/tools' drivers and go vet:
// package ID, then check name, then the diagnostics or an error. Consumers
// of vet's JSON read it unchanged. A finding in both a package and its test
// variant is listed once, under the package that reported it first.
func JSON(w io.Writer, rep *Report) error {
	tree := map[string]map[string]any{}
	for _, fl := range rep.Failures {
		if tree[fl.Package] == nil {
			tree[fl.Package] = map[string]any{}
		}
		tree[fl.Package][fl.Check] = jsonError{fl.Err.Error()}
	}
	for _, f := range rep.Findings {
		if tree[f.Package] == nil {
			tree[f.Package] = map[string]any{}
		}
		list, _ := tree[f.Package][f.Check].([]jsonDiagnostic)
		tree[f.Package][f.Check] = append(list, jsonFinding(f))
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

func jsonFinding(f Finding) jsonDiagnostic {
	jd := jsonDiagnostic{
		Category: f.Category,
		Posn:     f.Start.String(),
		End:      f.End.String(),
		Message:  f.Message,
	}
	for _, fix := range f.Fixes {
		jf := jsonFix{Message: fix.Message}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{Filename: e.Start.Filename, Start: e.Start.Offset, End: e.End.Offset, New: e.NewText})
		}
		jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
	}
	for _, r := range f.Related {
		jd.Related = append(jd.Related, jsonRelated{Posn: r.Start.String(), End: r.End.String(), Message: r.Message})
	}
	return jd
}
