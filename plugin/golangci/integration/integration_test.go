// Package integration_test builds a golangci-lint v2 binary that carries
// msvclint's module plugin and runs it on testdata/svc. golangci-lint custom
// would clone golangci-lint from GitHub; a main that calls golangci-lint's
// public pkg/commands entry point with a blank import of the plugin builds the
// same binary from the module proxy alone. The build takes minutes, so the
// test is skipped under -short.
package integration_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/msvclint/msvclint/analyzers"
)

// golangciVersion is the golangci-lint release the plugin is tested with; the
// README's .custom-gcl.yml names the same one.
const golangciVersion = "v2.15.0"

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// golangciLint builds the binary once per test run, in a directory removed
// when the run ends.
func golangciLint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint, which takes minutes")
	}
	buildOnce.Do(func() { binary, buildErr = build() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(filepath.Dir(binary)))
	}
	os.Exit(code)
}

// build follows README.md's recipe for a golangci-lint that carries the
// plugin, as written, with this checkout in place of the user's: its main.go
// and its shell lines, from the module proxy.
func build() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		return "", err
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return "", err
	}
	mainGo, commands, err := recipe(string(readme))
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "msvclint-golangci-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(mainGo), 0o644); err != nil {
		return "", err
	}
	for _, line := range commands {
		cmd := exec.Command("sh", "-c", strings.ReplaceAll(line, "/path/to/msvclint-checkout", root))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("README recipe: %s: %w\n%s", line, err, out)
		}
	}
	return filepath.Join(dir, "bin", "golangci-lint-msvclint"), nil
}

// recipe returns the README's main.go for golangci-lint and the shell lines
// that build it.
func recipe(readme string) (mainGo string, commands []string, err error) {
	for _, m := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], "commands.Execute") && strings.Contains(m[1], golangciVersion) {
			mainGo = m[1]
		}
	}
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.HasPrefix(m[1], "go mod init example.com/gcl") {
			commands = strings.Split(strings.TrimSpace(m[1]), "\n")
		}
	}
	if mainGo == "" || len(commands) == 0 {
		return "", nil, fmt.Errorf("README.md lacks the golangci-lint recipe (a go block calling commands.Execute for %s, a sh block starting go mod init example.com/gcl)", golangciVersion)
	}
	return mainGo, commands, nil
}

// issue is what the test compares of golangci-lint's JSON output.
type issue struct {
	Linter string
	Pos    string // file:line
	Text   string
}

type report struct {
	Issues []struct {
		FromLinter string
		Text       string
		Pos        struct {
			Filename string
			Line     int
		}
	}
}

// copyModule copies testdata/svc into a fresh directory and returns it.
func copyModule(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(filepath.Join("testdata", "svc"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "svc", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(e.Name(), ".txt")
		if name == ".golangci.yml" && config != "" {
			data = []byte(config)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs golangci-lint in dir and returns its issues and its stderr.
func run(t *testing.T, bin, dir string, args ...string) ([]issue, string, error) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"run", "--output.json.path=stdout", "--show-stats=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOWORK=off", "GOFLAGS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var rep report
	if stdout.Len() > 0 {
		if jerr := json.Unmarshal(stdout.Bytes(), &rep); jerr != nil {
			t.Fatalf("golangci-lint printed no JSON report (%v): %s\nstderr: %s", jerr, stdout.String(), stderr.String())
		}
	}
	var out []issue
	for _, i := range rep.Issues {
		out = append(out, issue{i.FromLinter, fmt.Sprintf("%s:%d", filepath.Base(i.Pos.Filename), i.Pos.Line), i.Text})
	}
	sort.SliceStable(out, func(a, b int) bool { return sortKey(out[a]) < sortKey(out[b]) })
	return out, stderr.String(), err
}

// sortKey orders issues by file, then line as a number, then linter.
func sortKey(i issue) string {
	file, line, _ := strings.Cut(i.Pos, ":")
	return fmt.Sprintf("%s:%08s:%s", file, line, i.Linter)
}

var (
	stale    = "//msvclint:ignore datarace suppresses no finding; a stale suppression would hide a future one, so remove it"
	noReason = "//msvclint:ignore unboundedgo has no reason; a suppression without one cannot be reviewed later, so add why the finding is safe after the check name"
)

// The directive findings work with every check today: a stale datarace
// directive (with a fix), an unboundedgo directive without a reason; none in
// Min (//nolint:datarace) nor from mutablecache (not enabled).
func TestFindings(t *testing.T) {
	bin := golangciLint(t)
	dir := copyModule(t, "")
	got, stderr, err := run(t, bin, dir)
	if err == nil {
		t.Fatalf("golangci-lint exited 0 despite findings; stderr: %s", stderr)
	}
	want := []issue{
		{"datarace", "svc.go:8", stale},
		{"unboundedgo", "svc.go:16", noReason},
	}
	if diff := cmp.Diff(want, directiveIssues(t, dir, got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nstderr: %s", diff, stderr)
	}
}

// directiveIssues returns the issues outside racy.go's defect lines and fails
// on any real finding elsewhere: racy.go holds a real race and an unbounded
// goroutine, which the checks may report only on the lines marked for them.
func directiveIssues(t *testing.T, dir string, issues []issue) []issue {
	t.Helper()
	allowed := defectLines(t, filepath.Join(dir, "racy.go"))
	var out []issue
	for _, i := range issues {
		switch {
		case strings.HasPrefix(i.Pos, "racy.go:") && (allowed[i.Pos] == i.Linter || strings.HasPrefix(i.Text, i.Linter+"(related information)")):
			t.Logf("real finding: %s %s: %s", i.Linter, i.Pos, i.Text)
		default:
			out = append(out, i)
		}
	}
	return out
}

var defectComment = regexp.MustCompile(`// defect: (\w+)`)

func defectLines(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if m := defectComment.FindStringSubmatch(sc.Text()); m != nil {
			lines[fmt.Sprintf("racy.go:%d", n)] = m[1]
		}
	}
	return lines
}

// --fix applies the check's SuggestedFix through golangci-lint: the stale
// directive goes, and only the directive without a reason is left.
func TestFix(t *testing.T) {
	bin := golangciLint(t)
	dir := copyModule(t, "")
	if _, stderr, err := run(t, bin, dir, "--fix"); err != nil && !strings.Contains(err.Error(), "exit status") {
		t.Fatalf("golangci-lint --fix: %v\n%s", err, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "svc.go"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "svc", "svc.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("svc.go after --fix (-want +got):\n%s", diff)
	}
	after, stderr, _ := run(t, bin, dir)
	if diff := cmp.Diff([]issue{{"unboundedgo", "svc.go:16", noReason}}, directiveIssues(t, dir, after)); diff != "" {
		t.Errorf("findings after --fix (-want +got):\n%s\nstderr: %s", diff, stderr)
	}
}

// A mistyped setting stops golangci-lint with an error that names it.
func TestSettingTypo(t *testing.T) {
	bin := golangciLint(t)
	config := `version: "2"
linters:
  default: none
  enable: [datarace]
  settings:
    custom:
      datarace:
        type: module
        settings:
          gaurded-by: mu
`
	dir := copyModule(t, config)
	_, stderr, err := run(t, bin, dir)
	if err == nil || !strings.Contains(stderr, `msvclint datarace: unknown setting "gaurded-by"`) {
		t.Errorf("golangci-lint with a mistyped setting: err %v, stderr:\n%s\nwant an error naming the setting", err, stderr)
	}
}

// A check's option is accepted as a plugin setting. The test takes the first
// option any check has, with its default, so it follows the checks' flags.
func TestSettingAccepted(t *testing.T) {
	var check, setting, value string
	for _, a := range analyzers.Checks() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if setting == "" {
				check, setting, value = a.Name, f.Name, f.DefValue
			}
		})
	}
	if setting == "" {
		t.Skip("no check has options yet")
	}
	bin := golangciLint(t)
	config := fmt.Sprintf(`version: "2"
linters:
  default: none
  enable: [%[1]s]
  settings:
    custom:
      %[1]s:
        type: module
        settings:
          %[2]s: %[3]q
`, check, setting, value)
	dir := copyModule(t, config)
	if _, stderr, err := run(t, bin, dir); strings.Contains(stderr, "plugin(") || err != nil && !strings.Contains(err.Error(), "exit status 1") {
		t.Errorf("golangci-lint with %s.%s=%s: %v\n%s", check, setting, value, err, stderr)
	}
}

// TestProjectLintClean runs the same golangci-lint, with the project's own
// .golangci.yml, on the msvclint module: the project passes its own linters.
func TestProjectLintClean(t *testing.T) {
	bin := golangciLint(t)
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	issues, stderr, err := run(t, bin, root, "--config", filepath.Join(root, ".golangci.yml"), "./...")
	if err != nil || len(issues) > 0 {
		t.Errorf("golangci-lint on the msvclint module: %v\nissues: %v\nstderr: %s", err, issues, stderr)
	}
}
