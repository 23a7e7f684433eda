package longtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Staticcheck is the peer the harnesses in bench/ compare msvclint with. It
// installs from the module proxy with its own go.mod, so its dependencies
// never meet msvclint's.
const Staticcheck = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

// BuildMsvclint builds the msvclint binary to out, in msvclint's own module
// with its own go.mod's versions, wherever the caller's module is.
func BuildMsvclint(out string) error {
	root, err := Go(".", "list", "-m", "-f", "{{.Dir}}", "github.com/msvclint/msvclint")
	if err != nil {
		return fmt.Errorf("locating msvclint: %w\n%s", err, root)
	}
	if b, err := Go(strings.TrimSpace(string(root)), "build", "-o", out, "./cmd/msvclint"); err != nil {
		return fmt.Errorf("building msvclint: %w\n%s", err, b)
	}
	return nil
}

// InstallStaticcheck installs Staticcheck into dir and returns the binary.
func InstallStaticcheck(dir string) (string, error) {
	cmd := exec.Command("go", "install", Staticcheck)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOBIN=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GOBIN="+dir, "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("installing %s: %w\n%s", Staticcheck, err, out)
	}
	return filepath.Join(dir, "staticcheck"), nil
}
