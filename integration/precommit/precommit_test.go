// Package precommit_test runs the hooks of .pre-commit-hooks.yaml through
// Debian's pre-commit, with `pre-commit try-repo` against this checkout, on
// a scratch repository: a good commit passes, a bad one is stopped. It needs
// pre-commit (installed here when missing and running as root) and the Go
// module proxy, and is skipped under -short.
package precommit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func preCommit(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds msvclint through pre-commit, which takes a while")
	}
	path, err := exec.LookPath("pre-commit")
	if err != nil && os.Geteuid() == 0 {
		for _, args := range [][]string{{"update"}, {"install", "-y", "pre-commit"}} {
			cmd := exec.Command("apt-get", args...)
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Logf("apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		path, err = exec.LookPath("pre-commit")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pre-commit is not installed and could not be: %v", err)
		}
		t.Skipf("pre-commit is not installed: %v", err)
	}
	return path
}

// scratch is a git repository of a small module with two packages.
type scratch struct {
	t   *testing.T
	dir string
	env []string
}

func newScratch(t *testing.T, env []string) *scratch {
	s := &scratch{t: t, dir: t.TempDir(), env: append(env,
		"GIT_AUTHOR_NAME=msvclint test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=msvclint test", "GIT_COMMITTER_EMAIL=test@example.com")}
	s.git("init", "-q")
	return s
}

func (s *scratch) write(name, content string) {
	s.t.Helper()
	path := filepath.Join(s.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *scratch) git(args ...string) {
	s.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = s.dir, s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// tryRepo runs the hook of this checkout's HEAD on the staged files.
func (s *scratch) tryRepo(preCommit, hook string) (string, error) {
	s.t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		s.t.Fatal(err)
	}
	// The committed state: uncommitted edits in the checkout (other work in
	// progress) would otherwise be copied into pre-commit's shadow repository.
	rev, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		s.t.Fatalf("git rev-parse HEAD in %s: %v", root, err)
	}
	cmd := exec.Command(preCommit, "try-repo", root, hook, "--ref", strings.TrimSpace(string(rev)), "--verbose")
	cmd.Dir, cmd.Env = s.dir, s.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

const (
	goMod = "module example.com/scratch\n\ngo 1.26\n"
	good  = "package a\n\n// Sum adds xs.\nfunc Sum(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n"
	other = "package b\n\n// Name is the service's name.\nconst Name = \"orders\"\n"
	// A stale //msvclint:ignore is a finding of every check today.
	bad = "package b\n\n// Name is the service's name.\nconst Name = \"orders\" //msvclint:ignore datarace constant\n"
)

// commitGoodThenBad stages a good change, which the hook lets through, then a
// bad change to two packages in two directories, which it stops, naming the
// finding in the second.
func commitGoodThenBad(t *testing.T, preCommit, hook string, env []string) {
	s := newScratch(t, env)
	s.write("go.mod", goMod)
	s.write("a/a.go", good)
	s.write("b/b.go", other)
	s.git("add", ".")
	if out, err := s.tryRepo(preCommit, hook); err != nil {
		t.Fatalf("good commit: pre-commit failed: %v\n%s", err, out)
	}
	s.git("commit", "-q", "-m", "good")

	s.write("a/a.go", strings.Replace(good, "Sum adds xs.", "Sum adds the xs.", 1))
	s.write("b/b.go", bad)
	s.git("add", ".")
	out, err := s.tryRepo(preCommit, hook)
	if err == nil {
		t.Fatalf("bad commit: pre-commit passed:\n%s", out)
	}
	if !strings.Contains(out, "b/b.go:4:") || !strings.Contains(out, "//msvclint:ignore datarace suppresses no finding") {
		t.Errorf("bad commit: pre-commit output lacks the finding in b/b.go:\n%s", out)
	}
}

// The golang hook builds msvclint from this checkout with go install, from
// the module proxy alone.
func TestGolangHook(t *testing.T) {
	pc := preCommit(t)
	env := os.Environ()
	// Share the module cache instead of downloading into pre-commit's GOPATH.
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		env = append(env, "GOMODCACHE="+strings.TrimSpace(string(out)))
	}
	commitGoodThenBad(t, pc, "msvclint", env)
}

// The system hook runs the msvclint found on PATH.
func TestSystemHook(t *testing.T) {
	pc := preCommit(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "msvclint"), "./cmd/msvclint")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building msvclint: %v\n%s", err, out)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	commitGoodThenBad(t, pc, "msvclint-system", env)
}
