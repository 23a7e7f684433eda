package longtest_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/msvclint/msvclint/internal/longtest"
)

// TestFix applies every suggested fix of the suite to each pinned module and
// checks that the code still builds, that test files the fixes touched still
// compile, and that no file the fixes touched stops being gofmt-clean.
func TestFix(t *testing.T) {
	skipShort(t)
	scratch := t.TempDir()
	for _, m := range longtest.Pinned {
		if !selected(m.Name) {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			dir, err := longtest.Prepare(m, scratch)
			if err != nil {
				t.Fatal(err)
			}
			// The pin must build before the fixes, or a failure after them
			// would prove nothing.
			mustGo(t, dir, "build", "./...")
			dirty := gofmtList(t, dir, ".")
			before := hashes(t, dir)
			runFix(t, dir)
			changed := changedFiles(before, hashes(t, dir))
			t.Logf("%s: -fix changed %d files", m.Name, len(changed))
			if len(changed) == 0 {
				return
			}
			mustGo(t, dir, "build", "./...")
			if pkgs := testPackages(dir, changed); len(pkgs) > 0 {
				// Compile the test binaries without running them.
				mustGo(t, dir, append([]string{"test", "-count=1", "-run=^$", "-exec=/bin/true"}, pkgs...)...)
			}
			for _, f := range strings.Fields(gofmtList(t, dir, changed...)) {
				if !slices.Contains(strings.Fields(dirty), f) {
					t.Errorf("%s is not gofmt-clean after -fix", f)
				}
			}
		})
	}
}

func mustGo(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := longtest.Go(dir, args...); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, truncate(string(out), 4000))
	}
}

// hashes maps each .go file under dir (relative path) to its content hash.
func hashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func changedFiles(before, after map[string][32]byte) []string {
	var out []string
	for f, h := range after {
		if before[f] != h {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// testPackages returns the ./-relative package directories of the changed
// test files.
func testPackages(dir string, changed []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range changed {
		if !strings.HasSuffix(f, "_test.go") {
			continue
		}
		pkg := "./" + filepath.ToSlash(filepath.Dir(f))
		if !seen[pkg] {
			seen[pkg] = true
			out = append(out, pkg)
		}
	}
	return out
}

// gofmtList returns the files among paths that gofmt would rewrite.
func gofmtList(t *testing.T, dir string, paths ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(goroot(t), "bin", "gofmt"), append([]string{"-l"}, paths...)...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("gofmt -l: %v\n%s", err, out.String())
	}
	return strings.TrimSpace(out.String())
}

func goroot(t *testing.T) string {
	t.Helper()
	out, err := longtest.Go(".", "env", "GOROOT")
	if err != nil {
		t.Fatalf("go env GOROOT: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// runFix runs msvclint -fix, which exits 3 and lists on stderr the findings
// no fix resolves; anything else on stderr, or another exit, fails.
func runFix(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command(binary, "-fix", "./...")
	cmd.Dir = dir
	cmd.Env = longtest.Env()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		t.Fatalf("msvclint -fix ./... in %s: %v\n%s", dir, err, truncate(errb.String(), 4000))
	}
	for _, l := range strings.Split(errb.String(), "\n") {
		if strings.HasPrefix(l, "msvclint: ") && !strings.Contains(l, "have no automatic fix") && !strings.Contains(l, "run msvclint -fix again") {
			t.Errorf("msvclint -fix ./... in %s: %s", dir, l)
		}
	}
}
