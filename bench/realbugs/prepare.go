package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/msvclint/msvclint/internal/longtest"
)

// readyMark is written into a module's copy once it is complete, so that a
// later run reuses it and an interrupted one starts over.
const readyMark = ".realbugs-ready"

// prepare returns a writable copy of the module version, made under cache
// unless an earlier run made it, with the modules its packages import (with
// tests) downloaded.
func prepare(cache, module, version string, pkgs []string) (string, error) {
	name := strings.NewReplacer("/", "_", "@", "_").Replace(module) + "@" + version
	dst := filepath.Join(cache, name)
	if _, err := os.Stat(filepath.Join(dst, readyMark)); err != nil {
		if err := os.RemoveAll(dst); err != nil {
			return "", err
		}
		m := longtest.Module{Name: name, Path: module, Version: version}
		if err := longtest.Copy(m, dst, cache); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dst, readyMark), nil, 0o644); err != nil {
			return "", err
		}
	}
	// A failure here (a dependency the proxy lost, a go.mod that needs a
	// newer Go) shows again when the tools load the packages, per package.
	_ = longtest.Fetch(dst, pkgs...)
	return dst, nil
}

// countLines returns the number of lines of Go in the directories of pkgs,
// tests included and generated files left out: the code the tools read.
func countLines(dir, module string, pkgs []string) int {
	n := 0
	for _, p := range pkgs {
		pdir := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(p, module), "/")))
		files, _ := filepath.Glob(filepath.Join(pdir, "*.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil || generated(data) {
				continue
			}
			n += bytes.Count(data, []byte("\n"))
		}
	}
	return n
}

// generated reports whether a file carries the standard "Code generated ...
// DO NOT EDIT." line before its package clause.
func generated(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "package ") {
			return false
		}
		if strings.HasPrefix(line, "// Code generated ") && strings.HasSuffix(line, " DO NOT EDIT.") {
			return true
		}
	}
	return false
}

func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "msvclint-realbugs")
}

func mkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cache directory: %w", err)
	}
	return nil
}

// peerRecord is a peer's result as kept in a module's copy: the peers do
// not change between runs of the benchmark, and on large modules they cost
// minutes each (go vet compiles every dependency, staticcheck analyzes it).
type peerRecord struct {
	Key      string // the tool, Go version and packages it ran on
	Findings []Finding
	Failed   map[string]string
	OK       map[string]bool
}

// cachedPeer returns the peer's result recorded in dir for these packages
// under this Go toolchain, or runs it and records it when it ran whole.
func cachedPeer(dir, tool string, pkgs []string, run func() runResult) runResult {
	key := strings.Join(append([]string{tool, longtest.Staticcheck, runtime.Version()}, pkgs...), " ")
	file := filepath.Join(dir, ".realbugs-"+strings.ReplaceAll(tool, " ", "")+".json")
	if data, err := os.ReadFile(file); err == nil {
		var rec peerRecord
		if json.Unmarshal(data, &rec) == nil && rec.Key == key {
			return runResult{findings: rec.Findings, failed: rec.Failed, ok: rec.OK}
		}
	}
	r := run()
	if r.err == nil {
		data, err := json.Marshal(peerRecord{Key: key, Findings: r.findings, Failed: r.failed, OK: r.ok})
		if err == nil {
			_ = os.WriteFile(file, data, 0o644) // without the record, the next run runs the peer again
		}
	}
	return r
}
