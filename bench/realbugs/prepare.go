package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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
