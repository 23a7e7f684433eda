package main

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// bugsFS holds the labelled bugs, one JSON file per repository; SCHEMA.md
// there says what each field means.
//
//go:embed bugs/*.json
var bugsFS embed.FS

// Entry is one labelled bug: a real concurrency defect that a public project
// fixed, at a module version that still has it.
type Entry struct {
	ID      string   `json:"id"`
	Repo    string   `json:"repo"`
	Module  string   `json:"module"`
	Version string   `json:"version"`
	Package string   `json:"package"`
	Kind    string   `json:"kind"`
	Pattern string   `json:"pattern"`
	Check   string   `json:"check"`
	Lines   []string `json:"lines"`
	Fix     string   `json:"fix"`
	Test    bool     `json:"test"`
	Summary string   `json:"summary"`
}

// Site is a labelled line, relative to the module root.
type Site struct {
	File string
	Line int
}

// kinds maps each bug kind to the check that should report it.
var kinds = map[string]string{
	"race":     "datarace",
	"leak":     "unboundedgo",
	"deadlock": "unboundedgo",
	"spawn":    "unboundedgo",
	"cache":    "mutablecache",
}

// kindOrder is the order of the tables' rows.
var kindOrder = []string{"race", "leak", "deadlock", "spawn", "cache"}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$`)
	hashRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
	siteRE = regexp.MustCompile(`^([^:\s]+\.go):([1-9][0-9]*)$`)
)

// Sites parses the entry's labelled lines.
func (e Entry) Sites() []Site {
	var out []Site
	for _, l := range e.Lines {
		m := siteRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		out = append(out, Site{File: m[1], Line: n})
	}
	return out
}

// ModVersion names the module version the entry is measured at.
func (e Entry) ModVersion() string { return e.Module + "@" + e.Version }

func (e Entry) validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !idRE.MatchString(e.ID) {
		bad("id %q is not <repo>/<slug> in lowercase", e.ID)
	}
	if e.Repo == "" || strings.Count(e.Repo, "/") != 1 {
		bad("repo %q is not owner/name", e.Repo)
	}
	if e.Module == "" || !strings.HasPrefix(e.Version, "v") {
		bad("module %q and version %q are required", e.Module, e.Version)
	}
	if e.Package != e.Module && !strings.HasPrefix(e.Package, e.Module+"/") {
		bad("package %q is not in module %q", e.Package, e.Module)
	}
	if want, ok := kinds[e.Kind]; !ok {
		bad("unknown kind %q", e.Kind)
	} else if e.Check != want {
		bad("kind %s belongs to check %s, not %q", e.Kind, want, e.Check)
	}
	if e.Pattern == "" {
		bad("pattern is required")
	}
	if len(e.Lines) == 0 || len(e.Lines) > 4 {
		bad("%d lines; want 1 to 4", len(e.Lines))
	}
	pkgDir := strings.TrimPrefix(strings.TrimPrefix(e.Package, e.Module), "/")
	if pkgDir == "" {
		pkgDir = "."
	}
	inPkg := false
	for _, l := range e.Lines {
		m := siteRE.FindStringSubmatch(l)
		if m == nil {
			bad("line %q is not path/file.go:LINE", l)
			continue
		}
		// A deadlock may take its second lock in another package; one
		// side must be in the package the tools analyze.
		inPkg = inPkg || path.Dir(m[1]) == pkgDir
		if strings.HasSuffix(m[1], "_test.go") && !e.Test {
			bad("line %q is in a test file but test is false", l)
		}
	}
	if !inPkg {
		bad("no line is in the package directory %q", pkgDir)
	}
	if !hashRE.MatchString(e.Fix) {
		bad("fix %q is not a full commit hash", e.Fix)
	}
	if strings.TrimSpace(e.Summary) == "" {
		bad("summary is required")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %s", e.ID, strings.Join(errs, "; "))
	}
	return nil
}

// loadEntries reads and validates every labelled bug, sorted by ID.
func loadEntries() ([]Entry, error) {
	files, err := bugsFS.ReadDir("bugs")
	if err != nil {
		return nil, err
	}
	var all []Entry
	var errs []string
	seen := map[string]bool{}
	for _, f := range files {
		data, err := bugsFS.ReadFile("bugs/" + f.Name())
		if err != nil {
			return nil, err
		}
		var es []Entry
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&es); err != nil {
			return nil, fmt.Errorf("bugs/%s: %w", f.Name(), err)
		}
		for _, e := range es {
			if err := e.validate(); err != nil {
				errs = append(errs, "bugs/"+f.Name()+": "+err.Error())
			}
			if seen[e.ID] {
				errs = append(errs, "bugs/"+f.Name()+": duplicate id "+e.ID)
			}
			seen[e.ID] = true
		}
		all = append(all, es...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid entries:\n%s", strings.Join(errs, "\n"))
	}
	slices.SortFunc(all, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return all, nil
}
