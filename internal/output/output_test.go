package output_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msvclint/msvclint/internal/driver"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/output"
)

// The directive findings are the ones every check reports today: a stale
// //msvclint:ignore (with a fix that removes it) and one without a reason.
// The second sits after non-ASCII text, so byte and UTF-16 columns differ.
const source = `package svc

// Sum adds xs.
func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x //msvclint:ignore datarace runs on one goroutine
	}
	s := "héllo😀" //msvclint:ignore unboundedgo
	_ = s
	return t
}
`

func analyze(t *testing.T) (string, []output.Finding) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/svc\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "svc.go"), source)
	g, err := driver.RunStrict(driver.Options{Dir: dir}, analyzers.Checks(), "./...")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := output.Collect(g)
	if err != nil {
		t.Fatal(err)
	}
	return dir, rep.Findings
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSARIFMatchesSchema(t *testing.T) {
	dir, findings := analyze(t)
	// No check reports related positions today: add a finding that has them,
	// and a fix that inserts text, so every part of the writer is validated.
	extra := findings[0]
	extra.Message = "results is appended to by 2 goroutines without a lock; guard it with mu"
	extra.Related = []output.Related{{Start: findings[1].Start, End: findings[1].End, Message: "the other append"}}
	extra.Fixes = []output.Fix{{Message: "lock mu", Edits: []output.Edit{{Start: findings[1].Start, End: findings[1].Start, NewText: "mu.Lock()\n"}}}}
	findings = append(findings, extra)
	// A failed analysis too, so that the invocation's notifications are
	// validated.
	failed := []output.Failure{{Package: "example.com/svc", Check: "datarace", Err: errors.New("internal error")}}
	var buf bytes.Buffer
	if err := output.SARIF(&buf, &output.Report{Checks: analyzers.Checks(), Findings: findings, Failures: failed}, dir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"executionSuccessful": false`) || !strings.Contains(buf.String(), "datarace could not analyze example.com/svc: internal error") {
		t.Errorf("the failed analysis is not in the SARIF log's invocation:\n%s", buf.String())
	}
	schema, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := newSchemaValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := decode(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if errs := v.validate(doc); len(errs) > 0 {
		t.Fatalf("SARIF output violates the schema:\n%s\n%s", strings.Join(errs, "\n"), buf.String())
	}

	// The validator must be able to fail: break the log in ways the schema forbids.
	for name, breakIt := range map[string]func(map[string]any){
		"no version":      func(m map[string]any) { delete(m, "version") },
		"line zero":       func(m map[string]any) { region(m)["startLine"] = json.Number("0") },
		"unknown level":   func(m map[string]any) { result(m)["level"] = "fatal" },
		"extra property":  func(m map[string]any) { m["bogus"] = true },
		"message no text": func(m map[string]any) { result(m)["message"] = map[string]any{} },
	} {
		var broken map[string]any
		if err := decode(buf.Bytes(), &broken); err != nil {
			t.Fatal(err)
		}
		breakIt(broken)
		if errs := v.validate(broken); len(errs) == 0 {
			t.Errorf("validator accepted a log with %s", name)
		}
	}
}

func result(m map[string]any) map[string]any {
	return m["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func region(m map[string]any) map[string]any {
	loc := result(m)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

func TestSARIFContent(t *testing.T) {
	dir, findings := analyze(t)
	var buf bytes.Buffer
	if err := output.SARIF(&buf, &output.Report{Checks: analyzers.Checks(), Findings: findings}, dir); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string
						Help struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID     string
				Properties map[string]string
				Locations  []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion struct{ StartLine, StartColumn, EndColumn int }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	for i, a := range analyzers.Checks() {
		if r := run.Tool.Driver.Rules[i]; r.ID != a.Name || r.Help.Text != a.Doc {
			t.Errorf("rule %d = %s with help %.40q, want %s with its doc", i, r.ID, r.Help.Text, a.Name)
		}
	}
	if len(run.Results) != 2 {
		t.Fatalf("got %d results, want 2:\n%s", len(run.Results), buf.String())
	}
	stale, noReason := run.Results[0], run.Results[1]
	if stale.RuleID != "datarace" || noReason.RuleID != "unboundedgo" || stale.Properties["category"] != "directive" {
		t.Errorf("results are %s/%v and %s, want datarace/directive and unboundedgo", stale.RuleID, stale.Properties, noReason.RuleID)
	}
	loc := noReason.Locations[0].PhysicalLocation
	// "\ts := \"héllo😀\" " is 16 UTF-16 code units (é is one, 😀 two): the comment starts at column 17.
	if loc.ArtifactLocation.URI != "svc.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != 9 || loc.Region.StartColumn != 17 {
		t.Errorf("location = %+v, want svc.go under %%SRCROOT%% at 9:17", loc)
	}
	if len(stale.Fixes) != 1 {
		t.Fatalf("stale directive has %d fixes, want 1", len(stale.Fixes))
	}
	// The fix deletes the comment and the blank before it: "t += x" ends at column 9.
	if del := stale.Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion; del.StartLine != 7 || del.StartColumn != 9 || del.EndColumn != 58 {
		t.Errorf("fix deletes %+v, want line 7 columns 9-58", del)
	}
}

func TestGitHub(t *testing.T) {
	dir, findings := analyze(t)
	var buf bytes.Buffer
	if err := output.GitHub(&buf, &output.Report{Findings: findings}, dir); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=svc.go,line=7,col=10,endLine=7,endColumn=58,title=msvclint datarace (directive)::" +
		"//msvclint:ignore datarace suppresses no finding; a stale suppression would hide a future one, so remove it\n" +
		"::warning file=svc.go,line=9,col=20,endLine=9,endColumn=49,title=msvclint unboundedgo (directive)::" +
		"//msvclint:ignore unboundedgo has no reason; a suppression without one cannot be reviewed later, so add why the finding is safe after the check name\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGitHubEscapes(t *testing.T) {
	f := output.Finding{Check: "datarace", Message: "100% racy\nreally"}
	f.Start.Filename, f.Start.Line, f.Start.Column = "/w/a,b:c.go", 1, 2
	var buf bytes.Buffer
	if err := output.GitHub(&buf, &output.Report{Findings: []output.Finding{f}}, "/w"); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=a%2Cb%3Ac.go,line=1,col=2,title=msvclint datarace::100%25 racy%0Areally\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUTF16Column(t *testing.T) {
	line := []byte("a😀é=x")
	for _, c := range []struct{ byteCol, want int }{{1, 1}, {2, 2}, {6, 4}, {8, 5}, {9, 6}, {99, 7}} {
		if got := output.UTF16Column(line, c.byteCol); got != c.want {
			t.Errorf("UTF16Column(%q, %d) = %d, want %d", line, c.byteCol, got, c.want)
		}
	}
}
