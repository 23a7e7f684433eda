// Package lsp is a small Language Server Protocol server over stdio that runs
// the msvclint suite in an editor, beside gopls: it analyzes a package when
// one of its files is opened, edited or saved (using unsaved buffers as
// overlays), publishes the findings as diagnostics, and offers each
// SuggestedFix as a quick-fix code action.
//
// gopls cannot load third-party analyzers, hence this server. It keeps the
// editor responsive: messages are handled without waiting for an analysis,
// analyses are debounced per package, and a newer request cancels the one
// running, whose results are dropped.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/driver"
)

// debounce is how long the server waits after a change before analyzing, so
// that typing does not start an analysis per keystroke.
const debounce = 300 * time.Millisecond

type server struct {
	suite []*analysis.Analyzer
	conn  *conn
	log   io.Writer
	ctx   context.Context
	// cache keeps the workspace's dependencies checked and analyzed
	// between runs, so an edit costs the edited package only.
	cache *driver.Cache
	// siblings compares a package with the others of its module, for
	// the checks that need the whole run.
	siblings *siblings

	publishing sync.Mutex // serializes publishing, so a stale run never follows a newer one

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	utf8        bool                 // positions count bytes, not UTF-16 code units
	progress    bool                 // the client shows $/progress
	requests    int                  // ids of the server's own requests
	docs        map[string]*document // open documents by file path
	runs        map[string]*run      // the pending or running analysis per package directory
	results     map[string]*fileResult
	running     sync.WaitGroup
}

type document struct {
	uri     string
	version int
	text    string
}

// fileResult is what the last analysis found in one file, kept to answer code
// actions; version is the document version it was computed for (-1 when the
// file was not open).
type fileResult struct {
	uri     string
	version int
	diags   []diagnostic
	actions [][]codeAction // per diagnostic
}

type run struct {
	timer  *time.Timer
	cancel context.CancelFunc
}

// Serve answers LSP messages from in on out until the client sends exit. It
// returns nil after an orderly shutdown and exit, an error otherwise. Logs go
// to log.
// whole are the suite's whole-run steps (see driver.Options.Whole).
func Serve(ctx context.Context, in io.Reader, out io.Writer, log io.Writer, suite []*analysis.Analyzer, whole WholeSteps) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{
		suite:    suite,
		cache:    driver.NewCache(),
		siblings: newSiblings(present(suite, whole)),
		conn:     newConn(in, out),
		log:      log,
		ctx:      ctx,
		docs:     map[string]*document{},
		runs:     map[string]*run{},
		results:  map[string]*fileResult{},
	}
	defer s.running.Wait()
	defer cancel()
	for {
		m, err := s.conn.read()
		var perr *rpcError
		if errors.As(err, &perr) {
			_ = s.conn.reply(json.RawMessage("null"), nil, perr) // a broken pipe surfaces on the next read
			continue
		}
		if err != nil {
			return fmt.Errorf("reading from the client: %w", err)
		}
		if m.Method == "exit" {
			s.mu.Lock()
			down := s.shutdown
			s.stopAll()
			s.mu.Unlock()
			if !down {
				return errors.New("exit without shutdown")
			}
			return nil
		}
		s.dispatch(m)
	}
}

func (s *server) dispatch(m *message) {
	if m.Method == "" {
		return // the client's answer to a request of ours (progress tokens)
	}
	isRequest := len(m.ID) > 0
	result, rerr := s.handle(m)
	if isRequest {
		if err := s.conn.reply(m.ID, result, rerr); err != nil {
			fmt.Fprintf(s.log, "msvclint lsp: replying to %s: %v\n", m.Method, err)
		}
	} else if rerr != nil && rerr.Code != codeMethodNotFound {
		fmt.Fprintf(s.log, "msvclint lsp: %s: %v\n", m.Method, rerr)
	}
}

func (s *server) handle(m *message) (any, *rpcError) {
	s.mu.Lock()
	ready, down := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case m.Method == "initialize":
		return s.initialize(m.Params)
	case !ready:
		return nil, &rpcError{Code: codeNotInitialized, Message: "the server is not initialized"}
	case down:
		return nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shut down"}
	}
	switch m.Method {
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.stopAll()
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		return decode(m.Params, &p, func() { s.open(p.TextDocument) })
	case "textDocument/didChange":
		var p didChangeParams
		return decode(m.Params, &p, func() { s.change(p) })
	case "textDocument/didSave":
		var p documentParams
		return decode(m.Params, &p, func() { s.changed(p.TextDocument.URI) })
	case "textDocument/didClose":
		var p documentParams
		return decode(m.Params, &p, func() { s.close(p.TextDocument.URI) })
	case "textDocument/codeAction":
		var p codeActionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
		}
		return s.codeActions(p), nil
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "msvclint does not handle " + m.Method}
}

func decode(params json.RawMessage, v any, then func()) (any, *rpcError) {
	if err := json.Unmarshal(params, v); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	then()
	return nil, nil
}

// initialize picks the position encoding: UTF-8 when the client offers it
// (no conversion), else UTF-16, which every client supports.
func (s *server) initialize(params json.RawMessage) (any, *rpcError) {
	var p initializeParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	encoding := "utf-16"
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			encoding = e
		}
	}
	s.mu.Lock()
	s.initialized = true
	s.utf8 = encoding == "utf-8"
	s.progress = p.Capabilities.Window.WorkDoneProgress
	s.mu.Unlock()
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": encoding,
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    1, // the whole text on every change
				"save":      map[string]any{"includeText": false},
			},
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
		},
		"serverInfo": map[string]string{"name": "msvclint"},
	}, nil
}

func (s *server) open(item textDocumentItem) {
	path, ok := uriPath(item.URI)
	if !ok {
		return
	}
	s.mu.Lock()
	s.docs[path] = &document{uri: item.URI, version: item.Version, text: item.Text}
	s.mu.Unlock()
	s.schedule(filepath.Dir(path))
}

func (s *server) change(p didChangeParams) {
	path, ok := uriPath(p.TextDocument.URI)
	if !ok || len(p.ContentChanges) == 0 {
		return
	}
	last := p.ContentChanges[len(p.ContentChanges)-1]
	if last.Range != nil {
		fmt.Fprintf(s.log, "msvclint lsp: ignoring an incremental change to %s; the server asked for whole texts\n", path)
		return
	}
	s.mu.Lock()
	if d := s.docs[path]; d != nil {
		d.version, d.text = p.TextDocument.Version, last.Text
	}
	s.mu.Unlock()
	s.schedule(filepath.Dir(path))
}

func (s *server) changed(uri string) {
	if path, ok := uriPath(uri); ok {
		s.schedule(filepath.Dir(path))
	}
}

// close forgets the buffer and its findings; the file is analyzed again, from
// disk, when a file of its package is next opened or saved.
func (s *server) close(uri string) {
	path, ok := uriPath(uri)
	if !ok {
		return
	}
	s.mu.Lock()
	delete(s.docs, path)
	_, had := s.results[path]
	delete(s.results, path)
	s.mu.Unlock()
	if had {
		_ = s.conn.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Diagnostics: []diagnostic{}}) // a broken pipe surfaces on the next read
	}
}

// codeActions offers the fixes of the findings the range touches, as long as
// the buffer is still the one they were computed on.
func (s *server) codeActions(p codeActionParams) []codeAction {
	out := []codeAction{}
	path, ok := uriPath(p.TextDocument.URI)
	if !ok {
		return out
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.results[path]
	if res == nil {
		return out
	}
	if d := s.docs[path]; d != nil && d.version != res.version {
		return out
	}
	for i, d := range res.diags {
		if overlaps(d.Range, p.Range) {
			out = append(out, res.actions[i]...)
		}
	}
	return out
}

func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(x, y position) bool {
	return x.Line < y.Line || x.Line == y.Line && x.Character < y.Character
}

func uriPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), true
}

func pathURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// present keeps the steps of the analyzers in the suite.
func present(suite []*analysis.Analyzer, whole WholeSteps) WholeSteps {
	out := WholeSteps{}
	for _, a := range suite {
		if step := whole[a]; step != nil {
			out[a] = step
		}
	}
	return out
}
