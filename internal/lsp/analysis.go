package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/msvclint/msvclint/internal/driver"
	"github.com/msvclint/msvclint/internal/output"
)

// schedule (re)starts the debounce for the package in dir, cancelling the
// analysis of it that is waiting or running.
func (s *server) schedule(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return
	}
	if r := s.runs[dir]; r != nil {
		s.stop(r)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	r := &run{cancel: cancel}
	s.running.Add(1)
	r.timer = time.AfterFunc(debounce, func() {
		defer s.running.Done()
		s.analyze(ctx, dir)
	})
	s.runs[dir] = r
}

// stop cancels a run; one whose timer had not fired never starts. s.mu is held.
func (s *server) stop(r *run) {
	if r.timer.Stop() {
		s.running.Done()
	}
	r.cancel()
}

func (s *server) stopAll() {
	for _, r := range s.runs {
		s.stop(r)
	}
}

// analyze runs the suite on the package in dir with the open buffers as
// overlays and publishes the findings of each of its files. A run cancelled
// meanwhile publishes nothing; one on code that does not build publishes the
// errors instead, so no finding stays on a line the edit moved.
func (s *server) analyze(ctx context.Context, dir string) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.log, "msvclint lsp: analyzing %s: %v\n%s", dir, r, debug.Stack())
		}
	}()
	s.mu.Lock()
	overlay := map[string][]byte{}
	versions := map[string]int{}
	uris := map[string]string{}
	for path, d := range s.docs {
		overlay[path] = []byte(d.text)
		versions[path] = d.version
		uris[path] = d.uri
	}
	utf8 := s.utf8
	s.mu.Unlock()
	defer s.reportProgress(dir)()

	g, err := driver.Run(driver.Options{Context: ctx, Dir: dir, Overlay: overlay, Tests: true, Cache: s.cache}, s.suite, ".")
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(s.log, "msvclint lsp: %s: %v\n", dir, err)
		}
		return
	}
	conv := &converter{overlay: overlay, utf8: utf8, lines: map[string][][]byte{}, uris: uris}
	results := map[string]*fileResult{}
	for _, root := range g.Roots {
		for _, f := range root.GoFiles {
			results[f] = conv.result(f, versions)
		}
	}
	if len(g.Errors) > 0 {
		// The package does not build: show why in place of the findings,
		// which would sit on lines that have moved.
		for _, e := range g.Errors {
			if d, file, ok := conv.errorDiagnostic(e); ok && results[file] != nil {
				results[file].diags = append(results[file].diags, d)
			}
		}
		s.publish(ctx, results)
		return
	}
	s.siblings.revise(g)
	s.index(dir)
	rep, err := output.Collect(g)
	if err != nil {
		fmt.Fprintf(s.log, "msvclint lsp: %s: %v\n", dir, err)
	}
	for _, f := range rep.Findings {
		res := results[f.Start.Filename]
		if res == nil {
			continue
		}
		d := conv.diagnostic(f)
		res.diags = append(res.diags, d)
		res.actions = append(res.actions, conv.actions(f, d))
	}
	s.publish(ctx, results)
}

func (s *server) publish(ctx context.Context, results map[string]*fileResult) {
	s.publishing.Lock()
	defer s.publishing.Unlock()
	var send []publishDiagnosticsParams
	s.mu.Lock()
	if ctx.Err() != nil {
		s.mu.Unlock()
		return
	}
	for path, res := range results {
		_, had := s.results[path]
		if len(res.diags) == 0 && !had {
			continue
		}
		s.results[path] = res
		p := publishDiagnosticsParams{URI: res.uri, Diagnostics: append([]diagnostic{}, res.diags...)}
		if res.version >= 0 {
			p.Version = &res.version
		}
		if len(res.diags) == 0 {
			delete(s.results, path)
		}
		send = append(send, p)
	}
	s.mu.Unlock()
	for _, p := range send {
		if err := s.conn.notify("textDocument/publishDiagnostics", p); err != nil {
			fmt.Fprintf(s.log, "msvclint lsp: publishing diagnostics: %v\n", err)
		}
	}
}

// progressAfter is how long a run goes before the editor is told it is
// working: a warm run answers sooner and shows nothing.
var progressAfter = 500 * time.Millisecond

// reportProgress shows a run that takes longer than progressAfter in the
// editor's progress UI, when the client has one, and returns the function
// that ends it.
func (s *server) reportProgress(dir string) (end func()) {
	s.mu.Lock()
	enabled := s.progress
	s.requests++
	token := fmt.Sprintf("msvclint-%d", s.requests)
	id := s.requests
	s.mu.Unlock()
	if !enabled {
		return func() {}
	}
	var mu sync.Mutex
	begun, ended := false, false
	timer := time.AfterFunc(progressAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			return
		}
		begun = true
		_ = s.conn.request(id, "window/workDoneProgress/create", map[string]any{"token": token})
		_ = s.conn.notify("$/progress", map[string]any{"token": token, "value": map[string]any{
			"kind": "begin", "title": "msvclint", "message": "analyzing " + filepath.Base(dir),
		}})
	})
	return func() {
		timer.Stop()
		mu.Lock()
		defer mu.Unlock()
		ended = true
		if begun {
			_ = s.conn.notify("$/progress", map[string]any{"token": token, "value": map[string]any{"kind": "end"}})
		}
	}
}

// converter turns findings into LSP values, counting columns in the
// negotiated encoding on the text that was analyzed.
type converter struct {
	overlay map[string][]byte
	utf8    bool
	lines   map[string][][]byte
	uris    map[string]string // URIs of open documents as the client spelled them
}

func (c *converter) result(path string, versions map[string]int) *fileResult {
	v, open := versions[path]
	if !open {
		v = -1
	}
	return &fileResult{uri: c.uri(path), version: v}
}

func (c *converter) uri(path string) string {
	if u, ok := c.uris[path]; ok {
		return u
	}
	return pathURI(path)
}

func (c *converter) diagnostic(f output.Finding) diagnostic {
	code := f.Check
	if f.Category != "" {
		code += "/" + f.Category
	}
	d := diagnostic{
		Range:    c.span(f.Start, f.End),
		Severity: severityWarning,
		Code:     code,
		Source:   "msvclint",
		Message:  f.Message,
		Data:     map[string]string{"check": f.Check, "category": f.Category},
	}
	if f.URL != "" {
		d.CodeDescription = &codeDescription{Href: f.URL}
	}
	for _, r := range f.Related {
		d.RelatedInformation = append(d.RelatedInformation, relatedInfo{
			Location: location{URI: c.uri(r.Start.Filename), Range: c.span(r.Start, r.End)},
			Message:  r.Message,
		})
	}
	return d
}

// errorDiagnostic turns a parse, type or go list error into a diagnostic
// on its file, when it has a position.
func (c *converter) errorDiagnostic(err error) (diagnostic, string, bool) {
	var pos token.Position
	msg := err.Error()
	var te types.Error
	var se scanner.Error
	switch {
	case errors.As(err, &te):
		pos, msg = te.Fset.Position(te.Pos), te.Msg
	case errors.As(err, &se):
		pos, msg = se.Pos, se.Msg
	default:
		m := errorPos.FindStringSubmatch(msg)
		if m == nil {
			return diagnostic{}, "", false
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		pos, msg = token.Position{Filename: m[1], Line: line, Column: col}, m[4]
	}
	if !pos.IsValid() {
		return diagnostic{}, "", false
	}
	return diagnostic{Range: c.span(pos, pos), Severity: severityError, Source: "msvclint", Message: msg}, pos.Filename, true
}

var errorPos = regexp.MustCompile(`^(.+\.go):(\d+):(\d+): (.*)$`)

func (c *converter) actions(f output.Finding, d diagnostic) []codeAction {
	var out []codeAction
	for _, fix := range f.Fixes {
		changes := map[string][]textEdit{}
		for _, e := range fix.Edits {
			e = tidy(c.source(e.Start.Filename), e)
			uri := c.uri(e.Start.Filename)
			changes[uri] = append(changes[uri], textEdit{Range: c.span(e.Start, e.End), NewText: e.NewText})
		}
		out = append(out, codeAction{
			Title:       fix.Message + " (msvclint " + f.Check + ")",
			Kind:        "quickfix",
			Diagnostics: []diagnostic{d},
			IsPreferred: len(f.Fixes) == 1,
			Edit:        workspaceEdit{Changes: changes},
		})
	}
	return out
}

func (c *converter) span(start, end token.Position) lspRange {
	if end.Line == 0 {
		end = start
	}
	return lspRange{Start: c.position(start), End: c.position(end)}
}

func (c *converter) position(p token.Position) position {
	if p.Line < 1 {
		return position{}
	}
	col := max(p.Column-1, 0)
	if !c.utf8 {
		lines := c.fileLines(p.Filename)
		if p.Line <= len(lines) {
			col = output.UTF16Column(lines[p.Line-1], p.Column) - 1
		}
	}
	return position{Line: p.Line - 1, Character: col}
}

func (c *converter) source(path string) []byte {
	src, ok := c.overlay[path]
	if !ok {
		src, _ = os.ReadFile(path)
	}
	return src
}

func (c *converter) fileLines(path string) [][]byte {
	if l, ok := c.lines[path]; ok {
		return l
	}
	l := bytes.Split(c.source(path), []byte("\n"))
	for i := range l {
		l[i] = bytes.TrimSuffix(l[i], []byte("\r"))
	}
	c.lines[path] = l
	return l
}

// tidy widens a deletion that ends its line over the blanks before it, so
// that removing a trailing comment leaves no trailing whitespace. Checks do
// that themselves from the content pass.ReadFile gives them, which is the
// editor's buffer; this keeps the edit tidy for a check that reads less.
func tidy(src []byte, e output.Edit) output.Edit {
	if e.NewText != "" || e.Start.Filename != e.End.Filename || e.Start.Offset > e.End.Offset || e.End.Offset > len(src) {
		return e
	}
	rest, _, _ := bytes.Cut(src[e.End.Offset:], []byte("\n"))
	if len(bytes.TrimSpace(rest)) > 0 {
		return e
	}
	start := e.Start.Offset
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start == 0 || src[start-1] == '\n' {
		return e // only blanks before: the line's indentation, not trailing space
	}
	e.Start.Column -= e.Start.Offset - start
	e.Start.Offset = start
	return e
}
