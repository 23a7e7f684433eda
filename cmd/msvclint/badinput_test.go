package main_test

// Bad and extreme input, in both modes: code that does not parse, does not
// type-check, lacks a dependency or a C compiler gives an error a user can act
// on (exit 1, the package or its file, and the first problem); huge, deeply
// nested and generics-heavy code is analyzed. Never a panic, a stack trace or
// a hang: run fails the test on any of those.

import (
	"cmp"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// modes are the two ways to run msvclint on a pattern.
var modes = map[string]func(pattern string) []string{
	"standalone": func(p string) []string { return []string{msvclint, p} },
	"vet":        func(p string) []string { return []string{"go", "vet", "-vettool=" + msvclint, p} },
}

// TestBrokenPackages: each package of testdata/modules/broken fails to load
// in its own way; the error must point at it and at what is wrong.
func TestBrokenPackages(t *testing.T) {
	dir := copyModule(t, "broken")
	// Written here rather than committed, so that gofmt -l on the repository
	// stays clean.
	writeFile(t, filepath.Join(dir, "syntax", "syntax.go"), syntaxError)
	tests := []struct {
		pkg   string // directory under the module
		first string // regexp for the first problem, with its position
		at    string // the package at fault, when it is not pkg
	}{
		{pkg: "syntax", first: `syntax\.go:8:19: missing ','`},
		{pkg: "types", first: `types\.go:17:9: .*cannot use "total"`},
		{pkg: "missing", first: `missing\.go:4:8: .*example\.com/nowhere/queue`},
		// The package is fine; its dependency is not, and the error says so.
		{pkg: "importsbroken", first: `types\.go:17:9: .*cannot use "total"`, at: "types"},
	}
	for _, tt := range tests {
		at := cmp.Or(tt.at, tt.pkg)
		for mode, args := range modes {
			t.Run(tt.pkg+"/"+mode, func(t *testing.T) {
				argv := args("./" + tt.pkg)
				r := run(t, dir, nil, argv[0], argv[1:]...)
				wantError(t, r, tt.first, "example.com/broken/"+at, at+"/")
			})
		}
	}
}

// TestErrorIsConcise: a package that does not type-check gives its first
// problem and little else.
func TestErrorIsConcise(t *testing.T) {
	dir := copyModule(t, "broken")
	r := run(t, dir, nil, msvclint, "./types")
	if lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; lines > 3 || strings.Contains(r.stderr, "failed prerequisites") {
		t.Errorf("%d lines of errors for one type error:\n%s", lines, r)
	}
}

const syntaxError = `// Package syntax has a syntax error: an unclosed parameter list.
package syntax

import "sync"

var mu sync.Mutex

func Handle(n int {
	mu.Lock()
	go func() { mu.Unlock() }()
}
`

// wantError checks a failed run: exit 1, the first problem, and the package
// at fault named by import path or by a file in its directory (any of names).
func wantError(t *testing.T, r result, first string, names ...string) {
	t.Helper()
	out := r.stdout + r.stderr
	if r.code != 1 {
		t.Errorf("exit %d, want 1\n%s", r.code, r)
	}
	if !regexp.MustCompile(first).MatchString(out) {
		t.Errorf("output does not give the first problem (%s):\n%s", first, r)
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(out, n) }) {
		t.Errorf("output names none of %q:\n%s", names, r)
	}
}

// analyzed runs msvclint on pattern in mode and checks that it analyzed the
// code: standalone exits 0 (clean) or 3 (findings); under go vet, which exits
// 1 for findings and errors alike, the JSON holds diagnostics and no error.
func analyzed(t *testing.T, dir string, env []string, mode, pattern string) {
	t.Helper()
	if mode == "standalone" {
		if r := run(t, dir, env, msvclint, pattern); r.code != 0 && r.code != 3 {
			t.Errorf("standalone: the input was not analyzed:\n%s", r)
		}
		return
	}
	r := run(t, dir, env, "go", "vet", "-vettool="+msvclint, "-json", pattern)
	if r.code != 0 {
		t.Errorf("vet: the input was not analyzed:\n%s", r)
	}
	findings(t, dir, r.stdout) // fails on an analyzer's error
}

func TestCgo(t *testing.T) {
	dir := copyModule(t, "broken")
	cc := strings.TrimSpace(run(t, dir, nil, "go", "env", "CC").stdout)
	t.Run("with a C compiler", func(t *testing.T) {
		if _, err := exec.LookPath(cc); err != nil {
			t.Skipf("no C compiler %q on this machine", cc)
		}
		for mode := range modes {
			analyzed(t, dir, []string{"CGO_ENABLED=1"}, mode, "./cgo")
		}
	})
	t.Run("C compiler missing", func(t *testing.T) {
		for mode, args := range modes {
			t.Run(mode, func(t *testing.T) {
				argv := args("./cgo")
				r := run(t, dir, []string{"CGO_ENABLED=1", "CC=/nonexistent/cc"}, argv[0], argv[1:]...)
				// runtime/cgo is the first package that needs the compiler.
				wantError(t, r, `C compiler "/nonexistent/cc" not found`, "example.com/broken/cgo", "cgo/", "runtime/cgo")
			})
		}
	})
	t.Run("cgo disabled", func(t *testing.T) {
		for mode, args := range modes {
			t.Run(mode, func(t *testing.T) {
				argv := args("./cgo")
				r := run(t, dir, []string{"CGO_ENABLED=0"}, argv[0], argv[1:]...)
				wantError(t, r, `build constraints exclude all Go files`, "example.com/broken/cgo", "cgo")
			})
		}
	})
}

// TestMissingModule: go.mod requires a module that cannot be downloaded.
func TestMissingModule(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/needs\n\ngo 1.26\n\nrequire example.com/gone v1.2.3\n",
		"svc/svc.go":   "package svc\n\nimport \"example.com/gone/client\"\n\nvar C client.Client\n",
		"other/ok.go":  "package other\n\nconst N = 1\n",
		"other/doc.go": "// Package other is fine.\npackage other\n",
	})
	for mode, args := range modes {
		t.Run(mode, func(t *testing.T) {
			argv := args("./...")
			r := run(t, dir, nil, argv[0], argv[1:]...)
			wantError(t, r, `example\.com/gone`, "example.com/gone", "svc/")
		})
	}
}

// TestHugeFile analyzes a generated 50,000-line file of service-like code.
func TestHugeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("package huge\n\nimport \"sync\"\n\n")
	const linesPerStore = 12
	for i := range 50_000/linesPerStore + 1 {
		fmt.Fprintf(&b, `type Store%[1]d struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *Store%[1]d) Put(k string, v int) {
	s.mu.Lock()
	s.items[k] = v
	s.mu.Unlock()
	go func() { _ = v }()
}

`, i)
	}
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/huge\n\ngo 1.26\n",
		"huge/huge.go": b.String(),
	})
	for mode := range modes {
		analyzed(t, dir, nil, mode, "./...")
	}
}

// TestDeepNesting analyzes generated code nested far beyond what people
// write: long operator chains, deep parentheses, blocks and closures, up to
// within go/parser's limit on nested scopes.
func TestDeepNesting(t *testing.T) {
	chain := "1" + strings.Repeat(" + 1", 10_000)
	parens := strings.Repeat("(", 1_000) + "1" + strings.Repeat(")", 1_000)
	blocks := strings.Repeat("if n > 0 {\n", 400) + "n--\n" + strings.Repeat("}\n", 400)
	closures := strings.Repeat("func() {\n", 200) + "go func() { mu.Lock(); n++; mu.Unlock() }()\n" + strings.Repeat("}()\n", 200)
	src := fmt.Sprintf(`package deep

import "sync"

var mu sync.Mutex

var Chain = %s

var Parens = %s

func Blocks(n int) int {
%sreturn n
}

func Closures() {
	n := 0
%s}
`, chain, parens, blocks, closures)
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/deep\n\ngo 1.26\n",
		"deep/deep.go": src,
	})
	for mode := range modes {
		analyzed(t, dir, nil, mode, "./...")
	}
}

// TestTooDeep: past go/parser's limit on nested scopes, which applies only
// when the parser resolves identifiers, go vet's driver fails and says so;
// msvclint's own driver leaves resolution to the type checker and analyzes
// the file.
func TestTooDeep(t *testing.T) {
	src := "package deep\n\nfunc F(n int) int {\n" + strings.Repeat("if n > 0 {\n", 1_100) + "n--\n" + strings.Repeat("}\n", 1_100) + "return n\n}\n"
	dir := writeModule(t, map[string]string{
		"go.mod":       "module example.com/deep\n\ngo 1.26\n",
		"deep/deep.go": src,
	})
	t.Run("standalone", func(t *testing.T) { analyzed(t, dir, nil, "standalone", "./...") })
	t.Run("vet", func(t *testing.T) {
		argv := modes["vet"]("./...")
		wantError(t, run(t, dir, nil, argv[0], argv[1:]...), `deep\.go:\d+:\d+: exceeded max scope depth`, "example.com/deep/deep", "deep/deep.go")
	})
}

// TestGenerics analyzes testdata/modules/edge, generics-heavy code across two
// packages, and expects the same msvclint findings in both modes.
func TestGenerics(t *testing.T) {
	dir := copyModule(t, "edge")
	standalone := findings(t, dir, standaloneJSON(t, dir).stdout)
	vet := findings(t, dir, vetJSON(t, dir).stdout)
	if diff := gocmp.Diff(standalone, vet); diff != "" {
		t.Errorf("go vet and standalone disagree on generic code (-standalone +vet):\n%s", diff)
	}
}
