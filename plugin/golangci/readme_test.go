package golangci_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
)

var update = flag.Bool("update", false, "rewrite the settings table in README.md")

const (
	tableBegin = "<!-- golangci-settings:begin -->\n"
	tableEnd   = "<!-- golangci-settings:end -->"
)

// The README's table of plugin settings is generated from the checks' flags,
// so it lists every setting with its default. Run
// `go test ./plugin/golangci -run README -update` after changing a flag.
func TestREADMESettings(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(src)
	before, rest, ok1 := strings.Cut(readme, tableBegin)
	table, after, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the markers %q and %q", tableBegin, tableEnd)
	}
	want := settingsTable(analyzers.Checks())
	if table == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+tableBegin+want+tableEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's settings table is stale; run go test ./plugin/golangci -run README -update\ngot:\n%s\nwant:\n%s", table, want)
}

func settingsTable(checks []*analysis.Analyzer) string {
	var b strings.Builder
	b.WriteString("| check | setting | default | what it does |\n| --- | --- | --- | --- |\n")
	for _, a := range checks {
		n := 0
		a.Flags.VisitAll(func(f *flag.Flag) {
			n++
			fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", a.Name, f.Name, f.DefValue, cell(f.Usage))
		})
		if n == 0 {
			fmt.Fprintf(&b, "| `%s` | | | no settings |\n", a.Name)
		}
	}
	return b.String()
}

func cell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}
