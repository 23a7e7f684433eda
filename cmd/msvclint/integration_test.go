package main_test

// These tests build the msvclint binary once and run it the ways users do:
// standalone, through go vet -vettool, with -json and -fix, on the realistic
// module under testdata/modules/shop. They compare whatever msvclint's checks
// report in both modes, so findings of checks added later take part without
// edits here; only the directive findings, which belong to the runner, are
// pinned by message.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/msvclint/msvclint/analyzers"
)

// msvclint is the binary under test, built once by TestMain into workDir,
// which also holds state shared between tests and is removed at the end.
var msvclint, workDir string

// cmdTimeout bounds every command: a hang fails the test instead of the CI job.
const cmdTimeout = 5 * time.Minute

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	var err error
	workDir, err = os.MkdirTemp("", "msvclint-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(workDir)
	msvclint = filepath.Join(workDir, "msvclint")
	if runtime.GOOS == "windows" {
		msvclint += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", msvclint, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building msvclint: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one command did.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs name with args in dir and fails the test on a hang or a crash.
// The environment keeps the go command offline and on the local toolchain so
// that the outcome depends only on the module under test.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=")
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s in %s did not finish within %v (a hang?)\n%s", name, strings.Join(args, " "), dir, cmdTimeout, r)
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", name, err)
	}
	assertNoCrash(t, r)
	return r
}

var crashSigns = regexp.MustCompile(`(?m)^panic: |^goroutine \d+ \[|^fatal error: |internal error in `)

// assertNoCrash fails on the marks of a panic or a Go stack trace: bad input
// must give an error a user can act on, never the tool's insides.
func assertNoCrash(t *testing.T, r result) {
	t.Helper()
	if crashSigns.MatchString(r.stdout + r.stderr) {
		t.Fatalf("msvclint crashed or a check panicked:\n%s", r)
	}
}

// copyModule copies testdata/modules/name into a fresh temporary directory,
// so that runs which write (-fix) or edit sources never touch the checkout.
func copyModule(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "testdata", "modules", name))); err != nil {
		t.Fatal(err)
	}
	return realPath(t, dst)
}

// writeModule writes files (slash-separated name to content) into a fresh
// temporary directory; for small cases that are clearer inline.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := realPath(t, t.TempDir())
	for name, content := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// realPath resolves symlinks (macOS's /var -> /private/var) so that paths in
// msvclint's output can be made relative to dir.
func realPath(t *testing.T, dir string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The JSON shape of x/tools' checkers (driverutil.JSONDiagnostic), declared
// here field by field so that a change of shape fails strict decoding.
type (
	jsonDiag struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Error string `json:"error"`
	}
)

// pkgResults is one JSON object: package ID, then analyzer name, then either a
// list of diagnostics or an error.
type pkgResults map[string]map[string]json.RawMessage

// decodeJSON decodes the stream of JSON objects msvclint prints (one for a
// standalone run, one per package under go vet), strictly.
func decodeJSON(t *testing.T, out string) []pkgResults {
	t.Helper()
	var all []pkgResults
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r pkgResults
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("output is not a stream of x/tools JSON objects: %v\n%s", err, out)
		}
		all = append(all, r)
	}
	return all
}

// finding is one diagnostic reduced to what must agree between modes.
type finding struct {
	Check    string
	Category string
	Pos      string // module-relative, slash-separated file:line:col
	Message  string
	Related  string // "pos: message" of each related position, joined
}

// findings turns JSON output into a sorted set of msvclint's own findings,
// module-relative. Under go vet, vet's suite runs too and is left out, and a
// file in both a package and its test variant counts once.
//
// Related positions are kept to the line: under go vet an object imported
// from another package comes from export data, whose positions carry lines
// but no columns, so only the line can agree between modes.
func findings(t *testing.T, moduleDir, out string) []finding {
	return findingsIn(t, moduleDir, out, false)
}

// findingsIn is findings with related columns kept when exactRelated is set.
func findingsIn(t *testing.T, moduleDir, out string, exactRelated bool) []finding {
	t.Helper()
	ours := map[string]bool{}
	for _, a := range analyzers.Checks() {
		ours[a.Name] = true
	}
	set := map[finding]bool{}
	for _, obj := range decodeJSON(t, out) {
		for pkg, byCheck := range obj {
			for check, raw := range byCheck {
				if !ours[check] {
					continue
				}
				for _, d := range decodeDiags(t, pkg, check, raw) {
					set[reduce(t, moduleDir, check, d, exactRelated)] = true
				}
			}
		}
	}
	out2 := make([]finding, 0, len(set))
	for f := range set {
		out2 = append(out2, f)
	}
	slices.SortFunc(out2, func(a, b finding) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out2
}

func decodeDiags(t *testing.T, pkg, check string, raw json.RawMessage) []jsonDiag {
	t.Helper()
	var diags []jsonDiag
	if err := strictUnmarshal(raw, &diags); err == nil {
		return diags
	}
	var e jsonError
	if err := strictUnmarshal(raw, &e); err == nil {
		t.Fatalf("%s failed on %s: %s", check, pkg, e.Error)
	}
	t.Fatalf("%s on %s: neither diagnostics nor an error in x/tools' shape: %s", check, pkg, raw)
	return nil
}

func strictUnmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

var posnRE = regexp.MustCompile(`^(.+\.go):(\d+):(\d+)$`)

func reduce(t *testing.T, moduleDir, check string, d jsonDiag, exactRelated bool) finding {
	t.Helper()
	f := finding{Check: check, Category: d.Category, Pos: relPos(t, moduleDir, d.Posn), Message: d.Message}
	var rel []string
	for _, r := range d.Related {
		pos := relPos(t, moduleDir, r.Posn)
		if !exactRelated {
			pos = pos[:strings.LastIndex(pos, ":")]
		}
		rel = append(rel, pos+": "+r.Message)
	}
	f.Related = strings.Join(rel, "; ")
	return f
}

// relPos makes an absolute file:line:col relative to the module; positions in
// the standard library or the module cache keep their full path.
func relPos(t *testing.T, moduleDir, posn string) string {
	t.Helper()
	m := posnRE.FindStringSubmatch(posn)
	if m == nil {
		t.Fatalf("position %q is not file.go:line:col", posn)
	}
	if !filepath.IsAbs(m[1]) {
		t.Fatalf("position %q is not absolute", posn)
	}
	if rel, err := filepath.Rel(moduleDir, m[1]); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel) + ":" + m[2] + ":" + m[3]
	}
	return posn
}

// standaloneJSON runs msvclint -json on the module's packages.
func standaloneJSON(t *testing.T, dir string) result {
	t.Helper()
	r := run(t, dir, nil, msvclint, "-json", "./...")
	if r.code != 0 {
		t.Fatalf("msvclint -json ./... (exit 0 expected with -json, findings or not):\n%s", r)
	}
	return r
}

// vetJSON runs msvclint as go vet's tool; go vet passes the tool's JSON
// through to stdout, one object per package.
func vetJSON(t *testing.T, dir string) result {
	t.Helper()
	r := run(t, dir, nil, "go", "vet", "-vettool="+msvclint, "-json", "./...")
	if r.code != 0 {
		t.Fatalf("go vet -vettool=msvclint -json ./...:\n%s", r)
	}
	return r
}

// pristine holds one standalone and one go vet run on an unmodified copy of
// the shop module, shared by the tests that only read it: each run costs
// seconds on a CI machine with two cores.
var pristine struct {
	dir             string
	standalone, vet string
}

func pristineShop(t *testing.T) (dir, standalone, vet string) {
	t.Helper()
	if pristine.dir == "" {
		d, err := os.MkdirTemp(workDir, "pristine-")
		if err != nil {
			t.Fatal(err)
		}
		d = filepath.Join(realPath(t, d), "shop")
		if err := os.CopyFS(d, os.DirFS(filepath.Join("..", "..", "testdata", "modules", "shop"))); err != nil {
			t.Fatal(err)
		}
		s, v := standaloneJSON(t, d).stdout, vetJSON(t, d).stdout
		pristine.dir, pristine.standalone, pristine.vet = d, s, v
	}
	return pristine.dir, pristine.standalone, pristine.vet
}

// Directive findings the runner reports on the shop module in every mode.
// internal/config has no concurrency and no cache, so nothing else belongs
// there and the set is pinned exactly.
var shopConfigFindings = []finding{
	{Check: "datarace", Category: "directive", Pos: "internal/config/config.go:11:29", Message: "//msvclint:ignore datarace suppresses no finding; a stale suppression would hide a future one, so remove it"},
	{Check: "diboilerplate", Category: "directive", Pos: "internal/config/config_test.go:7:14", Message: "//msvclint:ignore diboilerplate suppresses no finding; a stale suppression would hide a future one, so remove it"},
	{Check: "mutablecache", Category: "directive", Pos: "internal/config/config.go:32:38", Message: "//msvclint:ignore mutablecache has no reason; a suppression without one cannot be reviewed later, so add why the finding is safe after the check name"},
	{Check: "unboundedgo", Category: "directive", Pos: "internal/config/config.go:21:1", Message: "//msvclint:ignore unboundedgo suppresses no finding; a stale suppression would hide a future one, so remove it"},
}

func inConfig(fs []finding) []finding {
	var out []finding
	for _, f := range fs {
		if strings.HasPrefix(f.Pos, "internal/config/") {
			out = append(out, f)
		}
	}
	return out
}

// TestVetAndStandaloneAgree is the property go vet and Bazel's nogo rely on: a
// package analyzed in its own process, with only its dependencies' facts,
// gets the same findings as the whole-module standalone run.
func TestVetAndStandaloneAgree(t *testing.T) {
	dir, standaloneOut, vetOut := pristineShop(t)
	standalone := findings(t, dir, standaloneOut)
	vet := findings(t, dir, vetOut)
	if diff := cmp.Diff(standalone, vet); diff != "" {
		t.Errorf("go vet and standalone disagree (-standalone +vet):\n%s", diff)
	}
	for mode, fs := range map[string][]finding{"standalone": standalone, "vet": vet} {
		if diff := cmp.Diff(shopConfigFindings, inConfig(fs)); diff != "" {
			t.Errorf("%s: directive findings in internal/config (-want +got):\n%s", mode, diff)
		}
	}
	t.Logf("%d msvclint findings on the shop module in both modes", len(standalone))
}

// TestRelatedColumnsAgree asks for more than TestVetAndStandaloneAgree: the
// columns of related positions agree too.
func TestRelatedColumnsAgree(t *testing.T) {
	dir, standalone, vet := pristineShop(t)
	if diff := cmp.Diff(findingsIn(t, dir, standalone, true), findingsIn(t, dir, vet, true)); diff != "" {
		t.Errorf("go vet and standalone disagree on related columns (-standalone +vet):\n%s", diff)
	}
}

// TestJSONDeterministic: two runs on the same input print the same bytes, so
// CI can diff reports and caches can key on them.
func TestJSONDeterministic(t *testing.T) {
	dir, first, _ := pristineShop(t)
	second := standaloneJSON(t, dir).stdout
	if first != second {
		t.Errorf("two runs of msvclint -json differ:\n%s", cmp.Diff(first, second))
	}
}

// TestJSONShape checks every field of the -json output against x/tools'
// schema in both modes: positions absolute file:line:col, fixes with byte
// offsets into named files, related positions with messages.
func TestJSONShape(t *testing.T) {
	dir, standalone, vet := pristineShop(t)
	sawFix, sawRelated := false, false
	for mode, out := range map[string]string{"standalone": standalone, "vet": vet} {
		objs := decodeJSON(t, out)
		if len(objs) == 0 {
			t.Fatalf("%s: no JSON object in output", mode)
		}
		for _, obj := range objs {
			for pkg, byCheck := range obj {
				if !strings.HasPrefix(pkg, "example.com/shop") {
					t.Errorf("%s: package key %q is not a shop package", mode, pkg)
				}
				for check, raw := range byCheck {
					for _, d := range decodeDiags(t, pkg, check, raw) {
						checkDiagShape(t, dir, d)
						sawFix = sawFix || len(d.SuggestedFixes) > 0
						sawRelated = sawRelated || len(d.Related) > 0
					}
				}
			}
		}
	}
	if !sawFix {
		t.Errorf("no suggested fix in the output; the unused directives in internal/config should carry one")
	}
	if !sawRelated {
		t.Logf("no finding on the shop module carries related positions yet; their shape is checked once a check reports one")
	}
}

func checkDiagShape(t *testing.T, dir string, d jsonDiag) {
	t.Helper()
	relPos(t, dir, d.Posn)
	relPos(t, dir, d.End)
	if d.Message == "" || strings.HasSuffix(d.Message, ".") {
		t.Errorf("%s: message %q must be one sentence without a trailing period", d.Posn, d.Message)
	}
	for _, fix := range d.SuggestedFixes {
		if fix.Message == "" || len(fix.Edits) == 0 {
			t.Errorf("%s: fix %+v has no message or no edits", d.Posn, fix)
		}
		for _, e := range fix.Edits {
			if !filepath.IsAbs(e.Filename) || e.Start < 0 || e.End < e.Start {
				t.Errorf("%s: malformed edit %+v", d.Posn, e)
			}
		}
	}
	for _, r := range d.Related {
		relPos(t, dir, r.Posn)
		relPos(t, dir, r.End)
		if r.Message == "" {
			t.Errorf("%s: related position %s has no message", d.Posn, r.Posn)
		}
	}
}

// TestFix applies the suggested fixes to a copy, standalone and through go
// vet, and compares the directive files with their golden form: stale
// directives removed (the whole line when alone, the trailing comment
// otherwise), the one without a reason left for a human to complete.
func TestFix(t *testing.T) {
	for mode, args := range map[string][]string{
		"standalone": {msvclint, "-fix", "./..."},
		"vet":        {"go", "vet", "-vettool=" + msvclint, "-fix", "./..."},
	} {
		t.Run(mode, func(t *testing.T) {
			dir := copyModule(t, "shop")
			// The shop keeps findings no fix can resolve: standalone
			// lists them and exits 3; go vet's -fix exits 0.
			r := run(t, dir, nil, args[0], args[1:]...)
			if want := map[string]int{"standalone": 3, "vet": 0}[mode]; r.code != want || mode == "standalone" && !strings.Contains(r.stderr, "have no automatic fix") {
				t.Fatalf("%s: want exit %d:\n%s", strings.Join(args, " "), want, r)
			}
			for _, name := range []string{"internal/config/config.go", "internal/config/config_test.go"} {
				compareGolden(t, filepath.Join(dir, filepath.FromSlash(name)), filepath.Join("..", "..", "testdata", "modules", "shop", filepath.FromSlash(name)+".golden"))
			}
		})
	}
}

func compareGolden(t *testing.T, gotFile, wantFile string) {
	t.Helper()
	got, err := os.ReadFile(gotFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s after -fix (-want +got):\n%s", gotFile, diff)
	}
}

// TestFixMultiNameDirective: an unused directive naming several checks gets a
// fix from each check, and each fix rewrites the same comment.
func TestFixMultiNameDirective(t *testing.T) {
	const src = "package a\n\nvar X = 1 //msvclint:ignore datarace,unboundedgo nothing here can race or leak\n"
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/multi\n\ngo 1.26\n",
		"a/a.go": src,
	})
	r := run(t, dir, nil, msvclint, "./...")
	for _, check := range []string{"datarace", "unboundedgo"} {
		want := "names " + check + " but suppresses no " + check + " finding"
		if !strings.Contains(r.stderr+r.stdout, want) {
			t.Errorf("msvclint ./... does not say %q:\n%s", want, r)
		}
	}
	// Each named check would rewrite the same comment, so none offers a fix:
	// -fix must neither conflict nor touch the file, and says both remain.
	if r := run(t, dir, nil, msvclint, "-fix", "./..."); r.code != 3 || !strings.Contains(r.stderr, "2 findings have no automatic fix") {
		t.Fatalf("msvclint -fix ./...:\n%s", r)
	}
	got, err := os.ReadFile(filepath.Join(dir, "a", "a.go"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != src {
		t.Errorf("after -fix:\n%s\nwant it unchanged:\n%s", got, src)
	}
}

// TestSuppressionEveryMode takes a real finding of a check on the shop module,
// adds "//msvclint:ignore CHECK reason" above it, and expects the finding gone
// in both modes with no complaint about the directive.
func TestSuppressionEveryMode(t *testing.T) {
	pdir, standalone, _ := pristineShop(t)
	var target *finding
	for _, f := range findings(t, pdir, standalone) {
		if f.Category != "directive" {
			target = &f
			break
		}
	}
	if target == nil {
		t.Skip("no check reports a finding on testdata/modules/shop yet; suppression of a real finding is tested once one does (directive findings are compared in both modes by TestVetAndStandaloneAgree)")
	}
	dir := copyModule(t, "shop")
	file, line := splitPos(t, target.Pos)
	insertLine(t, filepath.Join(dir, filepath.FromSlash(file)), line, "//msvclint:ignore "+target.Check+" accepted in the integration test")
	moved := fmt.Sprintf("%s:%d:", file, line+1)
	for mode, out := range map[string]string{"standalone": standaloneJSON(t, dir).stdout, "vet": vetJSON(t, dir).stdout} {
		for _, f := range findings(t, dir, out) {
			if f.Check == target.Check && strings.HasPrefix(f.Pos, moved) && f.Message == target.Message {
				t.Errorf("%s: the directive did not suppress %+v", mode, f)
			}
			if f.Category == "directive" && strings.HasPrefix(f.Pos, fmt.Sprintf("%s:%d:", file, line)) {
				t.Errorf("%s: the directive was reported: %+v", mode, f)
			}
		}
	}
}

func splitPos(t *testing.T, pos string) (file string, line int) {
	t.Helper()
	parts := strings.Split(pos, ":")
	if len(parts) != 3 {
		t.Fatalf("bad position %q", pos)
	}
	if _, err := fmt.Sscan(parts[1], &line); err != nil {
		t.Fatalf("bad line in %q", pos)
	}
	return parts[0], line
}

// insertLine inserts text as a line of its own before line (1-based).
func insertLine(t *testing.T, path string, line int, text string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	lines = slices.Insert(lines, line-1, text+"\n")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}
