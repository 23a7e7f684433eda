package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/msvclint/msvclint/analyzers"
)

func formatModule(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":   "module example.com/svc\n\ngo 1.26\n",
		"svc.go":   "package svc\n\nvar n = 1 //msvclint:ignore datarace set once at start\n",
		"sub/x.go": "package sub\n\nvar m = 2 //msvclint:ignore unboundedgo\n",
	}
	for name, content := range files {
		if err := os.MkdirAll(dir+"/sub", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func TestFormatSARIF(t *testing.T) {
	formatModule(t)
	t.Setenv("GITHUB_WORKSPACE", "")
	var stdout, stderr bytes.Buffer
	if code := standalone(&stdout, &stderr, analyzers.Checks(), []string{"-format=sarif", "./..."}); code != 3 {
		t.Fatalf("exit code %d, want 3 (findings); stderr: %s", code, stderr.String())
	}
	var log struct {
		Version string
		Runs    []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Errorf("got %+v, want one 2.1.0 run with 2 results", log)
	}
}

func TestFormatGitHubSelectsChecks(t *testing.T) {
	formatModule(t)
	t.Setenv("GITHUB_WORKSPACE", "")
	var stdout, stderr bytes.Buffer
	if code := standalone(&stdout, &stderr, analyzers.Checks(), []string{"-unboundedgo", "-format", "github", "./..."}); code != 3 {
		t.Fatalf("exit code %d, want 3; stderr: %s", code, stderr.String())
	}
	got := strings.TrimSpace(stdout.String())
	if strings.Count(got, "\n") != 0 || !strings.HasPrefix(got, "::warning file=sub/x.go,line=3,") {
		t.Errorf("got %q, want the one unboundedgo annotation in sub/x.go", got)
	}
}

func TestFormatErrors(t *testing.T) {
	formatModule(t)
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"-format=yaml", "./..."}, 2},
		{[]string{"-format=sarif"}, 2},
		{[]string{"-format=sarif", "-nosuchflag", "./..."}, 2},
		{[]string{"-format=sarif", "./nosuchdir"}, 1},
	} {
		var stdout, stderr bytes.Buffer
		if code := standalone(&stdout, &stderr, analyzers.Checks(), c.args); code != c.want || stderr.Len() == 0 {
			t.Errorf("%q: exit code %d with stderr %q, want %d and an error", c.args, code, stderr.String(), c.want)
		}
	}
}

// As with -json, findings in JSON do not change the exit code.
func TestFormatJSONExitCode(t *testing.T) {
	formatModule(t)
	var stdout, stderr bytes.Buffer
	if code := standalone(&stdout, &stderr, analyzers.Checks(), []string{"-format=json", "./..."}); code != 0 || !strings.Contains(stdout.String(), `"datarace"`) {
		t.Errorf("exit code %d, output %s; want 0 and the findings", code, stdout.String())
	}
}

func TestPackageDirs(t *testing.T) {
	got := packageDirs([]string{"-test", "a.go", "svc/b.go", "svc/c_test.go", "/abs/d.go", "./...", "other/e.go"})
	want := []string{"-test", ".", "./svc", "/abs", "./...", "./other"}
	if !slices.Equal(got, want) {
		t.Errorf("packageDirs = %q, want %q", got, want)
	}
}

// In GitHub Actions paths are relative to the checkout, not to the module.
func TestFormatGitHubWorkspace(t *testing.T) {
	formatModule(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_WORKSPACE", filepath.Dir(wd))
	var stdout, stderr bytes.Buffer
	standalone(&stdout, &stderr, analyzers.Checks(), []string{"-format=github", "-unboundedgo", "./..."})
	if want := "::warning file=" + filepath.Base(wd) + "/sub/x.go,"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("got %q, want a path relative to GITHUB_WORKSPACE (%s...)", stdout.String(), want)
	}
}
