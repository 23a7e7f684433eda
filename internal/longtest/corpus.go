// Package longtest holds the long-running whole-suite tests (skipped under
// -short) and the corpus they share with the benchmark harness in bench/: the
// Go standard library and a few real modules pinned at versions the Go module
// proxy serves.
//
// The modules are fetched with `go mod download` into the normal module cache
// and copied to a writable directory, so a run (and -fix) works on them as a
// user works on their own module: from its root, with ./...
package longtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Module is a real module pinned at one version.
type Module struct {
	Name    string // short name used in golden files and tables
	Path    string
	Version string
}

// Pinned are the modules of the long test and of the benchmark harness's
// default run: service-shaped code of moderate size (tens of packages each)
// that builds with the Go toolchain the project uses.
var Pinned = []Module{
	{Name: "client_golang", Path: "github.com/prometheus/client_golang", Version: "v1.25.0"},
	{Name: "otel-sdk", Path: "go.opentelemetry.io/otel/sdk", Version: "v1.45.0"},
	{Name: "kratos", Path: "github.com/go-kratos/kratos/v2", Version: "v2.8.3"},
}

// Large are pinned modules too big for the long test's time budget, which the
// benchmark harness measures on request.
var Large = []Module{
	{Name: "grpc", Path: "google.golang.org/grpc", Version: "v1.83.0"},
	{Name: "go-zero", Path: "github.com/zeromicro/go-zero", Version: "v1.10.3"},
}

// Lookup returns the pinned or large module with the given short name.
func Lookup(name string) (Module, bool) {
	for _, m := range append(append([]Module(nil), Pinned...), Large...) {
		if m.Name == name {
			return m, true
		}
	}
	return Module{}, false
}

// Prepare downloads m through the module proxy and copies it into a new
// writable directory under parent (module cache files are read-only), then
// downloads what its packages import. It returns the copy's root.
func Prepare(m Module, parent string) (string, error) {
	dst := filepath.Join(parent, m.Name)
	if err := Copy(m, dst, parent); err != nil {
		return "", err
	}
	if err := Fetch(dst, "./..."); err != nil {
		return "", fmt.Errorf("%s: %w", m.Path, err)
	}
	return dst, nil
}

// Copy downloads m through the module proxy and copies it to dst, writable,
// with its replace directives to local directories dropped. scratch is a
// directory outside any module, for the download.
func Copy(m Module, dst, scratch string) error {
	src, err := download(m, scratch)
	if err != nil {
		return err
	}
	if err := copyTree(src, dst); err != nil {
		return fmt.Errorf("copying %s: %w", m.Path, err)
	}
	if err := dropLocalReplaces(dst); err != nil {
		return fmt.Errorf("%s: %w", m.Path, err)
	}
	return nil
}

// Fetch downloads the modules that the packages matched by patterns in the
// module at dir import, with their tests, and nothing of the rest of the
// module graph.
func Fetch(dir string, patterns ...string) error {
	args := append([]string{"list", "-e", "-test", "-deps"}, patterns...)
	if out, err := Go(dir, args...); err != nil {
		return fmt.Errorf("go list: %w\n%s", err, out)
	}
	return nil
}

// dropLocalReplaces removes the replace directives that point to directories:
// a module cut from a multi-module repository (otel/sdk) replaces its siblings
// with ../, which its copy lacks. The required versions are used instead, as
// for any user of the module, and -mod=mod records their sums.
func dropLocalReplaces(dir string) error {
	out, err := Go(dir, "mod", "edit", "-json")
	if err != nil {
		return fmt.Errorf("go mod edit -json: %w\n%s", err, out)
	}
	var mod struct {
		Replace []struct {
			Old, New struct{ Path, Version string }
		}
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		return err
	}
	args := []string{"mod", "edit"}
	for _, r := range mod.Replace {
		if r.New.Version != "" {
			continue
		}
		old := r.Old.Path
		if r.Old.Version != "" {
			old += "@" + r.Old.Version
		}
		args = append(args, "-dropreplace="+old)
	}
	if len(args) == 2 {
		return nil
	}
	if out, err := Go(dir, args...); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func download(m Module, scratch string) (string, error) {
	// Outside any module, so the download ignores the caller's go.mod.
	out, err := Go(scratch, "mod", "download", "-json", m.Path+"@"+m.Version)
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w\n%s", m.Path, m.Version, err, out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("go mod download %s: %w", m.Path, err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", m.Path, m.Version, info.Error)
	}
	return info.Dir, nil
}

// Go runs the go command in dir with the module cache and build cache of the
// environment, outside any workspace, and returns its combined output.
func Go(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = Env()
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.Bytes(), err
}

// Env is the environment for commands run on the corpus: the caller's, but
// never inside a go.work, and with module downloads allowed to update a
// copied module's go.sum when its own one is incomplete.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOWORK=") || strings.HasPrefix(kv, "GOFLAGS=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false")
}

// copyTree copies the regular files under src to dst, writable by the owner.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close() //nolint:errcheck // read-only file: nothing to lose on close
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close() // the copy error is the one to report
		return err
	}
	return out.Close()
}
