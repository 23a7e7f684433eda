package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/msvclint/msvclint/internal/longtest"
)

// A Finding is one diagnostic of a tool, at a path relative to the module
// root.
type Finding struct {
	Check   string // msvclint's check, go vet's analyzer, staticcheck's code
	File    string
	Line    int
	Message string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s (%s)", f.File, f.Line, f.Message, f.Check)
}

// runResult is what one tool said about some packages of one module.
type runResult struct {
	findings []Finding
	// failed maps a package ID (go list's: "p", "p [p.test]", "p_test
	// [p.test]") to why the tool could not analyze it; ok lists the IDs it
	// analyzed.
	failed map[string]string
	ok     map[string]bool
	// err is set when the tool did not run or its output did not parse.
	err error
}

// command runs name in dir with the corpus environment, bounded by timeout.
func command(dir string, timeout time.Duration, name string, args ...string) (stdout, stderr []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s timed out after %v", filepath.Base(name), timeout)
	}
	return out.Bytes(), errb.Bytes(), err
}

// env is longtest's corpus environment with the toolchain pinned: a version
// that needs a newer Go does not load, rather than fetching a toolchain.
func env() []string {
	return append(longtest.Env(), "GOTOOLCHAIN=local")
}

// runMsvclint runs msvclint -json on pkgs (with their tests) in dir.
func runMsvclint(bin, dir string, timeout time.Duration, pkgs []string) runResult {
	stdout, stderr, err := command(dir, timeout, bin, append([]string{"-json"}, pkgs...)...)
	r := parseTree(dir, stdout)
	if r.err != nil {
		r.err = fmt.Errorf("msvclint: %v: %v\n%s", err, r.err, firstLines(stderr, 5))
	}
	// Errors the JSON tree cannot hold (a package go list could not find)
	// are on stderr; they leave the package without a root.
	if err != nil && r.err == nil && len(r.ok) == 0 && len(r.failed) == 0 {
		r.err = fmt.Errorf("msvclint: %v\n%s", err, firstLines(stderr, 5))
	}
	r.addStderrFailures(stderr, pkgs)
	return r
}

// runVet runs go vet -json on pkgs in dir; its JSON goes to stderr, one tree
// per package, each after a "# ID" line.
func runVet(dir string, timeout time.Duration, pkgs []string) runResult {
	_, stderr, err := command(dir, timeout, "go", append([]string{"vet", "-json"}, pkgs...)...)
	r := runResult{failed: map[string]string{}, ok: map[string]bool{}}
	var obj []byte
	for _, line := range bytes.SplitAfter(stderr, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("{")):
			obj = append(obj[:0], line...)
		case obj != nil:
			obj = append(obj, line...)
			if bytes.HasPrefix(line, []byte("}")) {
				t := parseTree(dir, obj)
				if t.err != nil {
					r.err = fmt.Errorf("go vet: %v", t.err)
				}
				r.merge(t)
				obj = nil
			}
		}
	}
	if err != nil && len(r.ok) == 0 {
		r.err = fmt.Errorf("go vet: %v\n%s", err, firstLines(stderr, 5))
	}
	r.addStderrFailures(stderr, pkgs)
	return r
}

// runStaticcheck runs staticcheck's bug checks (SA) on pkgs in dir, with
// tests, as JSON lines.
func runStaticcheck(bin, dir string, timeout time.Duration, pkgs []string) runResult {
	args := append([]string{"-f", "json", "-checks", "SA*"}, pkgs...)
	stdout, stderr, err := command(dir, timeout, bin, args...)
	r := runResult{failed: map[string]string{}, ok: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var d struct {
			Code     string
			Location struct {
				File string
				Line int
			}
			Message string
		}
		if json.Unmarshal(sc.Bytes(), &d) != nil {
			continue
		}
		if d.Code == "compile" {
			r.failed[d.Location.File] = d.Message
			continue
		}
		r.findings = append(r.findings, Finding{Check: d.Code, File: rel(dir, d.Location.File), Line: d.Location.Line, Message: d.Message})
	}
	if err != nil && len(r.findings) == 0 && len(r.failed) == 0 {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			r.err = fmt.Errorf("staticcheck: %v\n%s", err, firstLines(stderr, 5))
		}
	}
	return r
}

// parseTree reads the JSON of x/tools' drivers and go vet: package ID, then
// analyzer, then diagnostics or {"error": ...}.
func parseTree(dir string, data []byte) runResult {
	r := runResult{failed: map[string]string{}, ok: map[string]bool{}}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		r.err = fmt.Errorf("reading JSON: %v", err)
		return r
	}
	seen := map[Finding]bool{}
	for id, checks := range tree {
		r.ok[id] = true
		for check, raw := range checks {
			var e struct{ Error string }
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				r.failed[id] = e.Error
				delete(r.ok, id)
				continue
			}
			var ds []struct{ Posn, Message string }
			if err := json.Unmarshal(raw, &ds); err != nil {
				r.err = fmt.Errorf("%s on %s: %v", check, id, err)
				continue
			}
			for _, d := range ds {
				f := finding(dir, check, d.Posn, d.Message)
				if !seen[f] { // a file of a package and of its test variant
					seen[f] = true
					r.findings = append(r.findings, f)
				}
			}
		}
	}
	return r
}

// finding turns a "file:line:col" position into a Finding.
func finding(dir, check, posn, msg string) Finding {
	file, line := posn, 0
	if i := strings.LastIndex(posn, ".go:"); i >= 0 {
		file = posn[:i+3]
		num, _, _ := strings.Cut(posn[i+4:], ":")
		line, _ = strconv.Atoi(num)
	}
	return Finding{Check: check, File: rel(dir, file), Line: line, Message: msg}
}

func (r *runResult) merge(o runResult) {
	r.findings = append(r.findings, o.findings...)
	for id, why := range o.failed {
		r.failed[id] = why
	}
	for id := range o.ok {
		r.ok[id] = true
	}
}

// addStderrFailures marks as failed the packages that a tool named in an
// error line but did not analyze: go list's "no required module provides
// package", type errors before analysis, and the like.
func (r *runResult) addStderrFailures(stderr []byte, pkgs []string) {
	for _, line := range strings.Split(string(stderr), "\n") {
		if line == "" || strings.HasPrefix(line, "go: downloading") || strings.HasPrefix(line, "#") {
			continue
		}
		for _, p := range pkgs {
			if r.ok[p] || r.failed[p] != "" {
				continue
			}
			if strings.Contains(line, p+":") || strings.Contains(line, p+" ") || strings.Contains(line, `"`+p+`"`) {
				r.failed[p] = line
			}
		}
	}
}

// loaded reports whether the tool analyzed the entry's package in the
// variant that holds its labelled files, and why not. A package the JSON
// does not list was analyzed and had no findings: the drivers list only
// packages with findings or errors.
func (r runResult) loaded(e Entry) (bool, string) {
	if r.err != nil {
		return false, r.err.Error()
	}
	for _, id := range sortedKeys(r.failed) {
		why := r.failed[id]
		if base := strings.Fields(id)[0]; base == e.Package || base == e.Package+"_test" {
			if !e.Test && id != e.Package && r.failed[e.Package] == "" {
				continue // a test variant failed, but the package's own files were analyzed
			}
			return false, why
		}
		if strings.HasSuffix(id, ".go") && strings.Contains(filepath.ToSlash(id), "/"+strings.TrimPrefix(e.Package, e.Module)+"/") {
			return false, why // staticcheck's compile error in the package's directory
		}
	}
	return true, ""
}

func rel(dir, file string) string {
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file)
	}
	if r, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(file)
}

func firstLines(b []byte, n int) string {
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(l, "go: downloading") {
			continue
		}
		keep = append(keep, l)
		if len(keep) == n {
			break
		}
	}
	return strings.Join(keep, "\n")
}
