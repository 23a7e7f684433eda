package analyzers_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/checkdoc"
)

var update = flag.Bool("update", false, "rewrite the README's table of checks")

func TestEveryDirectoryRegistered(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "testdata" {
			dirs = append(dirs, e.Name())
		}
	}
	var names []string
	for _, a := range analyzers.Checks() {
		names = append(names, a.Name)
	}
	if !slices.Equal(dirs, names) {
		t.Errorf("analyzer directories %v, registered checks %v: register each check, sorted by name", dirs, names)
	}
}

func TestNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range append(analyzers.Checks(), analyzers.Vet()...) {
		if seen[a.Name] {
			t.Errorf("two analyzers are named %q: flags and directives would be ambiguous", a.Name)
		}
		seen[a.Name] = true
	}
	if err := analysis.Validate(append(analyzers.Checks(), analyzers.Vet()...)); err != nil {
		t.Error(err)
	}
}

func TestDocs(t *testing.T) {
	for _, a := range analyzers.Checks() {
		t.Run(a.Name, func(t *testing.T) {
			summary := checkdoc.Summary(a.Doc)
			if summary == "" || strings.HasSuffix(summary, ".") || unicode.IsUpper([]rune(summary)[0]) {
				t.Errorf("summary %q: want one lowercase line without a period", summary)
			}
			for _, want := range []string{"WRONG:", "RIGHT:"} {
				if !strings.Contains(a.Doc, want) {
					t.Errorf("doc has no %s example", want)
				}
			}
			if strings.Count(a.Doc, "WRONG:") != strings.Count(a.Doc, "RIGHT:") {
				t.Errorf("doc has %d WRONG and %d RIGHT examples: pair them", strings.Count(a.Doc, "WRONG:"), strings.Count(a.Doc, "RIGHT:"))
			}
			if !strings.Contains(checkdoc.Section(a.Doc, "Suppressing a finding"), "//msvclint:ignore "+a.Name) {
				t.Errorf("doc does not say how to suppress one finding")
			}
			opts := checkdoc.Section(a.Doc, "Options")
			if opts == "" {
				t.Errorf("doc has no Options section")
			}
			a.Flags.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(opts, "-"+a.Name+"."+f.Name) {
					t.Errorf("flag -%s.%s is not documented under Options", a.Name, f.Name)
				}
			})
		})
	}
}

// Table renders the README's table of checks from the registry.
func table() string {
	var b bytes.Buffer
	b.WriteString("| check | what it finds |\n| --- | --- |\n")
	for _, a := range analyzers.Checks() {
		fmt.Fprintf(&b, "| [`%s`](analyzers/%s/doc.go) | %s |\n", a.Name, a.Name, checkdoc.Summary(a.Doc))
	}
	return b.String()
}

func TestREADMETable(t *testing.T) {
	const begin, end = "<!-- checks:begin -->\n", "<!-- checks:end -->"
	path := filepath.Join("..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(readme), begin)
	_, after, ok2 := strings.Cut(rest, end)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the %q ... %q markers", begin, end)
	}
	want := before + begin + table() + end + after
	if want == string(readme) {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's table of checks is stale; run: go test ./analyzers -run TestREADMETable -update")
}

// TestArchitectureNamesExist keeps ARCHITECTURE.md true: every path it names
// in backquotes exists.
func TestArchitectureNamesExist(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range regexp.MustCompile("`([^`\\s]+)`").FindAllStringSubmatch(string(data), -1) {
		name := strings.TrimSuffix(m[1], "/")
		if !strings.Contains(name, "/") || strings.ContainsAny(name, "<>") || strings.Contains(name, "NAME") || strings.HasPrefix(name, "//") {
			continue
		}
		checked++
		if _, err := os.Stat(filepath.Join("..", filepath.FromSlash(name))); err != nil {
			t.Errorf("ARCHITECTURE.md names %s, which does not exist", name)
		}
	}
	if checked < 20 {
		t.Errorf("only %d paths checked in ARCHITECTURE.md; the test would prove little", checked)
	}
}
