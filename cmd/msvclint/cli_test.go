package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/checkdoc"
)

// tinyModule is a module small enough to analyze in a moment: one clean
// package, one with a directive finding, one that does not type-check.
func tinyModule(t *testing.T) string {
	t.Helper()
	return writeModule(t, map[string]string{
		"go.mod":         "module example.com/tiny\n\ngo 1.26\n",
		"clean/clean.go": "package clean\n\n// Double doubles n.\nfunc Double(n int) int { return 2 * n }\n",
		"stale/stale.go": "package stale\n\nconst Limit = 10 //msvclint:ignore unboundedgo a constant starts no goroutine\n",
		"broken/b.go":    "package broken\n\nfunc F() int { return \"x\" }\n",
	})
}

// TestExitCodes pins the exit codes README.md and 'msvclint help' document.
func TestExitCodes(t *testing.T) {
	dir := tinyModule(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{msvclint, "./clean"}, 0},
		{"findings", []string{msvclint, "./stale"}, 3},
		{"findings with -json", []string{msvclint, "-json", "./stale"}, 0},
		{"type error", []string{msvclint, "./broken"}, 1},
		{"type error with -json", []string{msvclint, "-json", "./broken"}, 1},
		{"no package matched", []string{msvclint, "./nosuch/..."}, 1},
		{"unknown flag", []string{msvclint, "-nosuchflag", "./clean"}, 2},
		{"vet clean", []string{"go", "vet", "-vettool=" + msvclint, "./clean"}, 0},
		{"vet findings", []string{"go", "vet", "-vettool=" + msvclint, "./stale"}, 1},
		{"vet type error", []string{"go", "vet", "-vettool=" + msvclint, "./broken"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, nil, tt.args[0], tt.args[1:]...)
			if r.code != tt.want {
				t.Errorf("%s: exit %d, want %d\n%s", strings.Join(tt.args, " "), r.code, tt.want, r)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	t.Run("list", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "help")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("msvclint help:\n%s", r)
		}
		for _, a := range analyzers.Checks() {
			line := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(a.Name) + `\s+` + regexp.QuoteMeta(checkdoc.Summary(a.Doc)) + `$`)
			if !line.MatchString(r.stdout) {
				t.Errorf("msvclint help does not list %s with its summary %q:\n%s", a.Name, checkdoc.Summary(a.Doc), r.stdout)
			}
		}
		for _, want := range []string{"Exit codes: 0 no findings, 3 findings, 1 the analysis could not run", "2 a bad flag", "msvclint help CHECK"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("msvclint help does not mention %q", want)
			}
		}
	})
	t.Run("check", func(t *testing.T) {
		for _, a := range analyzers.Checks() {
			r := run(t, dir, nil, msvclint, "help", a.Name)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("msvclint help %s:\n%s", a.Name, r)
			}
			if !strings.HasPrefix(r.stdout, a.Name+": ") || !strings.Contains(r.stdout, strings.TrimSpace(a.Doc)) {
				t.Errorf("msvclint help %s does not print its documentation:\n%s", a.Name, r.stdout)
			}
		}
	})
	t.Run("vet analyzer", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "help", "printf")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "printf: ") {
			t.Errorf("msvclint help printf:\n%s", r)
		}
	})
	t.Run("category", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "help", "datarace/waitgroup")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "datarace/waitgroup: WaitGroup.Add") || strings.Contains(r.stdout, "# Category") {
			t.Errorf("msvclint help datarace/waitgroup: want the waitgroup section alone:\n%s", r)
		}
		r = run(t, dir, nil, msvclint, "help", "datarace/nosuch")
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, `no category "nosuch"`) {
			t.Errorf("msvclint help datarace/nosuch: want exit 1 and an error naming it:\n%s", r)
		}
	})
	t.Run("flags", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "-h")
		for _, want := range []string{"msvclint help CHECK/CATEGORY", "msvclint dupes", "msvclint lsp", "msvclint version", "-json"} {
			if r.code != 0 || !strings.Contains(r.stderr, want) {
				t.Errorf("msvclint -h: want exit 0 and %q in the usage:\n%s", want, r)
			}
		}
	})
	t.Run("unknown", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "help", "nosuch")
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, `no check named "nosuch"`) {
			t.Errorf("msvclint help nosuch: want exit 1, nothing on stdout and an error naming it:\n%s", r)
		}
	})
	t.Run("known and unknown", func(t *testing.T) {
		r := run(t, dir, nil, msvclint, "help", "datarace", "nosuch")
		if r.code != 1 || !strings.HasPrefix(r.stdout, "datarace: ") || !strings.Contains(r.stderr, `"nosuch"`) {
			t.Errorf("msvclint help datarace nosuch: want datarace's documentation, then exit 1 for nosuch:\n%s", r)
		}
	})
}

// TestVersion: a bug report can name the build that ran.
func TestVersion(t *testing.T) {
	r := run(t, t.TempDir(), nil, msvclint, "version", "-m")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "msvclint ") || !strings.Contains(r.stdout, "\tgolang.org/x/tools\t") {
		t.Errorf("msvclint version -m: want the version line and the modules built in:\n%s", r)
	}
	if r := run(t, t.TempDir(), nil, msvclint, "-V=full"); r.code != 0 || !strings.Contains(r.stdout, "msvclint version ") {
		t.Errorf("msvclint -V=full: want go vet's version line:\n%s", r)
	}
}

// TestTextNamesCheck: each text finding ends with the code that
// //msvclint:ignore and msvclint help take, at a path relative to the
// working directory, and a category in the directive silences only that
// category.
func TestTextNamesCheck(t *testing.T) {
	dir := tinyModule(t)
	r := run(t, dir, nil, msvclint, "./stale")
	want := regexp.MustCompile(`(?m)^stale/stale\.go:3:\d+: .* \(unboundedgo/directive\)$`)
	if r.code != 3 || !want.MatchString(r.stderr) {
		t.Errorf("msvclint ./stale: want exit 3 and a finding matching %s:\n%s", want, r)
	}
}

// TestJSONOnce: a file in both a package and its test variant gives each
// finding once.
func TestJSONOnce(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":        "module example.com/once\n\ngo 1.26\n",
		"p/p.go":        "package p\n\nconst Limit = 10 //msvclint:ignore unboundedgo a constant starts no goroutine\n",
		"p/p_test.go":   "package p\n\nimport \"testing\"\n\nfunc TestLimit(t *testing.T) { _ = Limit }\n",
		"p/ext_test.go": "package p_test\n\nimport \"testing\"\n\nfunc TestExt(t *testing.T) {}\n",
	})
	r := run(t, dir, nil, msvclint, "-json", "./...")
	if n := strings.Count(r.stdout, "suppresses no finding"); r.code != 0 || n != 1 {
		t.Errorf("msvclint -json: want the stale directive once, got %d times:\n%s", n, r)
	}
}

// TestFixReportsUnfixed: -fix applies what it can, then lists what remains
// and exits 3, so neither a script nor a person takes "fixed" for "clean".
func TestFixReportsUnfixed(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/fixes\n\ngo 1.26\n",
		"p/p.go": "package p\n\nconst A = 1 //msvclint:ignore unboundedgo a constant starts no goroutine\n\nconst B = 2 //msvclint:ignore unboundedgo\n",
	})
	r := run(t, dir, nil, msvclint, "-fix", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "p/p.go:5:") || strings.Contains(r.stderr, "p/p.go:3:") || !strings.Contains(r.stderr, "1 findings have no automatic fix") {
		t.Errorf("msvclint -fix: want exit 3 and only the finding without a fix (line 5) listed:\n%s", r)
	}
	if r := run(t, dir, nil, msvclint, "-fix", "./..."); r.code != 3 {
		t.Errorf("second -fix: want exit 3 while the unfixable finding remains:\n%s", r)
	}
}

// TestDiffMinimal: two fixes far apart in one file give two small hunks,
// under a path relative to the working directory that patch -p0 applies.
func TestDiffMinimal(t *testing.T) {
	var src strings.Builder
	src.WriteString("package p\n\nconst A = 1 //msvclint:ignore unboundedgo a constant starts no goroutine\n")
	for i := range 20 {
		fmt.Fprintf(&src, "\nconst C%d = %d\n", i, i)
	}
	src.WriteString("\nconst B = 2 //msvclint:ignore unboundedgo nor does this one\n")
	dir := writeModule(t, map[string]string{"go.mod": "module example.com/diff\n\ngo 1.26\n", "p/p.go": src.String()})
	r := run(t, dir, nil, msvclint, "-fix", "-diff", "./...")
	if r.code != 0 || strings.Count(r.stdout, "@@ -") != 2 || !strings.HasPrefix(r.stdout, "--- p/p.go\n+++ p/p.go\n") {
		t.Fatalf("msvclint -fix -diff: want two hunks on p/p.go:\n%s", r)
	}
	if n := strings.Count(r.stdout, "\n "); n > 12 {
		t.Errorf("the diff carries %d context lines, want at most 3 around each change:\n%s", n, r.stdout)
	}
	writeFile(t, filepath.Join(dir, "fix.patch"), r.stdout)
	if r := run(t, dir, nil, "patch", "-p0", "-i", "fix.patch"); r.code != 0 {
		t.Fatalf("patch -p0:\n%s", r)
	}
	if r := run(t, dir, nil, msvclint, "./..."); r.code != 0 {
		t.Errorf("after patch -p0, msvclint still reports:\n%s", r)
	}
}

// TestOutsideModule: outside a module, and without a go command, msvclint
// says what go vet says.
func TestOutsideModule(t *testing.T) {
	dir := t.TempDir()
	vet := run(t, dir, nil, "go", "vet", "./...")
	first, _, _ := strings.Cut(strings.TrimSpace(vet.stderr), "\n")
	r := run(t, dir, nil, msvclint, "./...")
	if r.code != 1 || first == "" || !strings.Contains(r.stderr, first) || strings.Contains(r.stderr, "stderr:") {
		t.Errorf("msvclint outside a module: want exit 1 and go vet's %q:\n%s", first, r)
	}
	r = run(t, dir, []string{"PATH=" + dir}, msvclint, "./...")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "msvclint: go command required") || strings.Contains(r.stderr, "stderr:") {
		t.Errorf("msvclint without a go command: want exit 1 and one plain sentence:\n%s", r)
	}
}

// TestSelfClean: msvclint has nothing to say about its own source.
func TestSelfClean(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the whole msvclint module")
	}
	r := run(t, filepath.Join("..", ".."), nil, msvclint, "./...")
	if r.code != 0 {
		t.Errorf("msvclint ./... on its own module:\n%s", r)
	}
}

// TestREADMEInstall runs README.md's install-and-run command, as written
// there, in a GOPATH of its own, and checks that it put a working binary in
// GOPATH/bin. The command is read from README.md so it cannot go stale.
func TestREADMEInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("installs msvclint and analyzes the whole msvclint module")
	}
	command := readmeCommand(t, "go install ")
	gopath := realPath(t, t.TempDir())
	modcache := strings.TrimSpace(run(t, ".", nil, "go", "env", "GOMODCACHE").stdout)
	env := []string{"GOPATH=" + gopath, "GOBIN=", "GOMODCACHE=" + modcache}
	r := run(t, filepath.Join("..", ".."), env, "sh", "-c", command)
	bin := filepath.Join(gopath, "bin", "msvclint")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s did not install msvclint in GOPATH/bin: %v\n%s", command, err, r)
	}
	// Findings (3) are TestSelfClean's business; here the command must run.
	if r.code != 0 && r.code != 3 {
		t.Errorf("%s:\n%s", command, r)
	}
	if h := run(t, gopath, nil, bin, "help"); h.code != 0 || !strings.Contains(h.stdout, "datarace") {
		t.Errorf("the installed msvclint does not run:\n%s", h)
	}
}

// readmeCommand returns the first line of a ```sh block in README.md that
// starts with prefix.
func readmeCommand(t *testing.T, prefix string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		for _, line := range strings.Split(block[1], "\n") {
			if strings.HasPrefix(line, prefix) {
				return line
			}
		}
	}
	t.Fatalf("README.md has no sh block with a line starting %q", prefix)
	return ""
}
