package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/checkdoc"
)

// The SARIF 2.1.0 log, limited to the properties msvclint fills in.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
		Invocations        []sarifInvocation           `json:"invocations"`
	}
	// sarifInvocation tells code scanning whether the run was whole: a
	// package a check could not analyze is a notification, not silence.
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level      string         `json:"level"`
		Message    sarifText      `json:"message"`
		Descriptor *sarifDescRef  `json:"associatedRule,omitempty"`
		Properties map[string]any `json:"properties,omitempty"`
	}
	sarifDescRef struct {
		ID    string `json:"id"`
		Index int    `json:"index"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string        `json:"id"`
		Name                 string        `json:"name"`
		ShortDescription     sarifText     `json:"shortDescription"`
		FullDescription      sarifText     `json:"fullDescription"`
		Help                 sarifHelp     `json:"help"`
		HelpURI              string        `json:"helpUri,omitempty"`
		DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
	}
	sarifRuleConf struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifResult struct {
		RuleID           string            `json:"ruleId"`
		RuleIndex        int               `json:"ruleIndex"`
		Level            string            `json:"level"`
		Message          sarifText         `json:"message"`
		Locations        []sarifLocation   `json:"locations"`
		RelatedLocations []sarifLocation   `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix        `json:"fixes,omitempty"`
		Properties       map[string]string `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent sarifText   `json:"insertedContent"`
	}
)

const srcRoot = "%SRCROOT%"

// SARIF writes findings as a SARIF 2.1.0 log with one rule per check, whose
// texts come from the check's documentation so that code scanning shows it.
// Paths under root are written relative to it (root is the repository's
// checkout in CI); columns count UTF-16 code units, SARIF's default.
func SARIF(w io.Writer, rep *Report, root string) error {
	lines := lineCache{}
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "msvclint", InformationURI: "https://github.com/msvclint/msvclint"}},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(root) + "/"}}
	}
	index := map[string]int{}
	for i, a := range rep.Checks {
		index[a.Name] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rule(a))
	}
	for _, f := range rep.Findings {
		res := sarifResult{
			RuleID:    f.Check,
			RuleIndex: index[f.Check],
			Level:     "warning",
			Message:   sarifText{f.Message},
			Locations: []sarifLocation{{PhysicalLocation: lines.physical(root, f.Start, f.End)}},
		}
		if f.Category != "" {
			res.Properties = map[string]string{"category": f.Category}
		}
		for i, r := range f.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: &id, PhysicalLocation: lines.physical(root, r.Start, r.End), Message: &sarifText{r.Message},
			})
		}
		for _, fix := range f.Fixes {
			res.Fixes = append(res.Fixes, lines.fix(root, fix))
		}
		run.Results = append(run.Results, res)
	}
	run.Invocations = []sarifInvocation{invocation(rep, index)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

// invocation lists the analyses that failed, each against its check's rule.
func invocation(rep *Report, index map[string]int) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: len(rep.Failures) == 0}
	for _, fl := range rep.Failures {
		n := sarifNotification{
			Level:      "error",
			Message:    sarifText{fmt.Sprintf("%s could not analyze %s: %v", fl.Check, fl.Package, fl.Err)},
			Properties: map[string]any{"package": fl.Package},
		}
		if i, ok := index[fl.Check]; ok {
			n.Descriptor = &sarifDescRef{ID: fl.Check, Index: i}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	return inv
}

// rule describes a check from its doc.go: the summary, the paragraph on why
// it matters, and the whole text (its "# Category" headings and indented
// examples are Markdown as they stand).
func rule(a *analysis.Analyzer) sarifRule {
	summary := checkdoc.Summary(a.Doc)
	rest := strings.TrimSpace(strings.TrimPrefix(a.Doc, summary))
	why, _, _ := strings.Cut(rest, "\n\n")
	return sarifRule{
		ID:                   a.Name,
		Name:                 a.Name,
		ShortDescription:     sarifText{summary},
		FullDescription:      sarifText{strings.Join(strings.Fields(why), " ")},
		Help:                 sarifHelp{Text: a.Doc, Markdown: a.Doc},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifRuleConf{Level: "warning"},
	}
}

func (lc lineCache) fix(root string, fix Fix) sarifFix {
	byFile := map[string]int{}
	out := sarifFix{Description: sarifText{fix.Message}}
	for _, e := range fix.Edits {
		i, ok := byFile[e.Start.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Start.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifact(root, e.Start.Filename)})
		}
		ac := &out.ArtifactChanges[i]
		ac.Replacements = append(ac.Replacements, sarifReplacement{
			DeletedRegion:   lc.region(e.Start, e.End),
			InsertedContent: sarifText{e.NewText},
		})
	}
	return out
}

func (lc lineCache) physical(root string, start, end token.Position) sarifPhysical {
	return sarifPhysical{ArtifactLocation: artifact(root, start.Filename), Region: lc.region(start, end)}
}

func (lc lineCache) region(start, end token.Position) sarifRegion {
	if end.Line == 0 {
		end = start
	}
	return sarifRegion{
		StartLine:   max(start.Line, 1),
		StartColumn: lc.column(start),
		EndLine:     max(end.Line, 1),
		EndColumn:   lc.column(end),
	}
}

func artifact(root, file string) sarifArtifactLoc {
	if root != "" {
		if rel, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(rel) {
			return sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: srcRoot}
		}
	}
	return sarifArtifactLoc{URI: fileURI(file)}
}

func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// lineCache reads each file once to count columns in UTF-16 code units.
type lineCache map[string][][]byte

func (lc lineCache) column(p token.Position) int {
	lines, ok := lc[p.Filename]
	if !ok {
		src, err := os.ReadFile(p.Filename)
		if err == nil {
			lines = bytes.Split(src, []byte("\n"))
		}
		lc[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return max(p.Column, 1)
	}
	return UTF16Column(lines[p.Line-1], p.Column)
}
