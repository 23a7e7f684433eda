package main_test

import (
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
