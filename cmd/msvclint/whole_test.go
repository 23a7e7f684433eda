package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers/diboilerplate"
)

var copyLine = regexp.MustCompile(`(?m)^(\S+:\d+:\d+): .*\(diboilerplate/(copied-wiring|copied-constructor|directive)\)$`)

// copyFindings runs the standalone diboilerplate check on the working
// directory and returns "file:line:col category" for each copy finding.
func copyFindings(t *testing.T, args ...string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	standalone(&stdout, &stderr, []*analysis.Analyzer{diboilerplate.Analyzer}, append(args, "./..."))
	var got []string
	for _, m := range copyLine.FindAllStringSubmatch(stderr.String(), -1) {
		got = append(got, m[1]+" "+m[2])
	}
	return got
}

// TestStandaloneSiblingCopies: the standalone run compares the whole
// module, so copies in sibling mains that never import each other are
// reported at every copy but the first, as msvclint dupes lists them.
func TestStandaloneSiblingCopies(t *testing.T) {
	t.Chdir(writeTree(t, shopTree))
	want := []string{
		"cmd/payments/main.go:9:2 copied-wiring",
		"cmd/shipping/main.go:9:2 copied-wiring",
		"services/payments/payments.go:15:6 copied-constructor",
	}
	if got := copyFindings(t); !slices.Equal(got, want) {
		t.Errorf("standalone copy findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSiblingCopySuppressed: a directive on a sibling copy silences it, and
// is not called unused although the package alone reports nothing there.
func TestSiblingCopySuppressed(t *testing.T) {
	dir := writeTree(t, shopTree)
	main := filepath.Join(dir, "cmd/shipping/main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("\tpool, err :="), []byte("\t//msvclint:ignore diboilerplate shipping's pool is sized for its batch jobs\n\tpool, err :="), 1)
	if err := os.WriteFile(main, src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	want := []string{
		"cmd/payments/main.go:9:2 copied-wiring",
		"services/payments/payments.go:15:6 copied-constructor",
	}
	if got := copyFindings(t); !slices.Equal(got, want) {
		t.Errorf("copy findings with shipping suppressed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSiblingCopiesInSARIF: SARIF prints the same findings, each with the
// first copy as a related location.
func TestSiblingCopiesInSARIF(t *testing.T) {
	t.Chdir(writeTree(t, shopTree))
	t.Setenv("GITHUB_WORKSPACE", "")
	var stdout, stderr bytes.Buffer
	if code := standalone(&stdout, &stderr, []*analysis.Analyzer{diboilerplate.Analyzer}, []string{"-format=sarif", "./..."}); code != 3 {
		t.Fatalf("exit code %d, want 3; stderr: %s", code, stderr.String())
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID           string
				Locations        []sarifLoc
				RelatedLocations []sarifLoc
			}
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		related := ""
		if len(r.RelatedLocations) > 0 {
			related = " after " + r.RelatedLocations[0].String()
		}
		got = append(got, r.RuleID+" "+r.Locations[0].String()+related)
	}
	want := []string{
		"diboilerplate cmd/payments/main.go:9 after cmd/orders/main.go:10",
		"diboilerplate cmd/shipping/main.go:9 after cmd/orders/main.go:10",
		"diboilerplate services/payments/payments.go:15 after services/orders/orders.go:15",
	}
	if !slices.Equal(got, want) {
		t.Errorf("SARIF results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

type sarifLoc struct {
	PhysicalLocation struct {
		ArtifactLocation struct{ URI string }
		Region           struct{ StartLine int }
	}
}

func (l sarifLoc) String() string {
	p := l.PhysicalLocation
	return p.ArtifactLocation.URI + ":" + strconv.Itoa(p.Region.StartLine)
}

const internalTree = `
-- go.mod --
module example.com/svcs

go 1.24
-- orders/internal/server/server.go --
package server

import (
	"net/http"
	"time"
)

func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: time.Minute}
}
-- payments/internal/server/server.go --
package server

import (
	"net/http"
	"time"
)

func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: time.Minute}
}
-- payments/cmd/payments/main.go --
package main

import (
	"net/http"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NewServeMux(), ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	_ = srv.ListenAndServe()
}
`

// TestInternalProviderNotShared: each service's own internal/server is a
// copy of the other's, not a provider the other could call; the main of
// payments may call its own.
func TestInternalProviderNotShared(t *testing.T) {
	t.Chdir(writeTree(t, internalTree))
	var stdout, stderr bytes.Buffer
	standalone(&stdout, &stderr, []*analysis.Analyzer{diboilerplate.Analyzer}, []string{"./..."})
	var got []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if i := strings.Index(line, ": "); i > 0 && strings.HasSuffix(line, ")") {
			got = append(got, line[:i]+" "+line[strings.LastIndex(line, "(")+1:len(line)-1])
		}
	}
	want := []string{
		"payments/cmd/payments/main.go:9:2 diboilerplate/bypassed-provider",
		"payments/internal/server/server.go:9:2 diboilerplate/copied-wiring",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s\nstderr:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
	if !strings.Contains(stderr.String(), "call server.NewHTTPServer instead") {
		t.Errorf("the main should be told to call a provider it can import:\n%s", stderr.String())
	}
}
