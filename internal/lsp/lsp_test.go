package lsp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/lsp"
)

// onDisk is the saved file; the editor's buffer adds a stale directive on a
// line with non-ASCII text, so the finding exists only in the overlay and its
// UTF-16 columns differ from its byte columns.
const onDisk = `package svc

// Greeting says hello.
func Greeting() string {
	s := "héllo😀"
	return s
}
`

var inBuffer = strings.Replace(onDisk, `"héllo😀"`, `"héllo😀" //msvclint:ignore datarace only read here`, 1)

type message struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type lspRange struct {
	Start struct{ Line, Character int } `json:"start"`
	End   struct{ Line, Character int } `json:"end"`
}

type diagnostic struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     string   `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
}

type published struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

// client is a scripted editor talking to the server over pipes.
type client struct {
	t      *testing.T
	w      io.Writer
	in     chan message
	nextID int
	done   chan error
}

// start runs the server in this process, connected by pipes.
func start(t *testing.T) *client {
	t.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	c := &client{t: t, w: fromClient, in: make(chan message, 100), done: make(chan error, 1)}
	go func() {
		c.done <- lsp.Serve(context.Background(), toServer, fromServer, os.Stderr, analyzers.Checks(), analyzers.Whole())
		fromServer.Close()
	}()
	go c.readLoop(bufio.NewReader(toClient))
	t.Cleanup(func() { fromClient.Close() })
	return c
}

// startBinary builds msvclint and runs `msvclint lsp` as an editor would,
// talking to it over its stdin and stdout.
func startBinary(t *testing.T) *client {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "msvclint")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/msvclint").CombinedOutput(); err != nil {
		t.Fatalf("building msvclint: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "lsp")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, w: stdin, in: make(chan message, 100), done: make(chan error, 1)}
	go c.readLoop(bufio.NewReader(stdout))
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill() })
	return c
}

func (c *client) readLoop(r *bufio.Reader) {
	defer close(c.in)
	for {
		h, err := textproto.NewReader(r).ReadMIMEHeader()
		if err != nil {
			return
		}
		n, _ := strconv.Atoi(h.Get("Content-Length"))
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON %q: %v", body, err)
			return
		}
		c.in <- m
	}
}

func (c *client) send(v map[string]any) {
	c.t.Helper()
	v["jsonrpc"] = "2.0"
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"method": method, "params": params})
}

// next returns the next message; the bound only turns a hang into a failure.
func (c *client) next() message {
	c.t.Helper()
	select {
	case m, ok := <-c.in:
		if !ok {
			c.t.Fatal("the server closed its output")
		}
		return m
	case <-time.After(2 * time.Minute):
		c.t.Fatal("no message from the server in two minutes")
	}
	panic("unreachable")
}

// request sends a request and returns its response, checking the
// notifications that arrive meanwhile with onNotify.
func (c *client) request(method string, params any, result any) *message {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"id": id, "method": method, "params": params})
	for {
		m := c.next()
		if m.ID == nil || m.Method != "" {
			continue // a notification; the tests wait for those explicitly
		}
		if *m.ID != id {
			c.t.Fatalf("response to request %d while waiting for %d", *m.ID, id)
		}
		if m.Error == nil && result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s result %s: %v", method, m.Result, err)
			}
		}
		return &m
	}
}

// diagnostics waits for the diagnostics of uri that satisfy ok.
func (c *client) diagnostics(uri string, ok func(published) bool) published {
	c.t.Helper()
	for {
		m := c.next()
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p published
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		if p.URI == uri && ok(p) {
			return p
		}
	}
}

func module(t *testing.T) (path, uri string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module example.com/svc\n\ngo 1.26\n", "svc.go": onDisk} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path = filepath.Join(dir, "svc.go")
	return path, "file://" + filepath.ToSlash(path)
}

func (c *client) initialize(encodings ...string) string {
	c.t.Helper()
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}
	if encodings != nil {
		params["capabilities"] = map[string]any{"general": map[string]any{"positionEncodings": encodings}}
	}
	var res struct {
		Capabilities struct {
			PositionEncoding   string
			CodeActionProvider any
		}
	}
	if m := c.request("initialize", params, &res); m.Error != nil {
		c.t.Fatalf("initialize: %+v", m.Error)
	}
	if res.Capabilities.CodeActionProvider == nil {
		c.t.Error("the server does not announce code actions")
	}
	c.notify("initialized", map[string]any{})
	return res.Capabilities.PositionEncoding
}

func (c *client) shutdown() {
	c.t.Helper()
	if m := c.request("shutdown", nil, nil); m.Error != nil || string(m.Result) != "null" {
		c.t.Errorf("shutdown answered %s, %+v; want null", m.Result, m.Error)
	}
	c.notify("exit", nil)
	if err := <-c.done; err != nil {
		c.t.Errorf("server ended with %v after shutdown and exit", err)
	}
}

func TestQuickFixRemovesFinding(t *testing.T) {
	quickFixScenario(t, start(t))
}

// The same scenario against the msvclint binary's lsp subcommand.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds msvclint")
	}
	quickFixScenario(t, startBinary(t))
}

// quickFixScenario opens a buffer with a known defect, receives the
// diagnostic, applies its quick fix, sees the diagnostic go, and shuts down.
func quickFixScenario(t *testing.T, c *client) {
	path, uri := module(t)
	if enc := c.initialize(); enc != "utf-16" {
		t.Errorf("position encoding %q, want utf-16 for a client that names none", enc)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": inBuffer,
	}})
	p := c.diagnostics(uri, func(p published) bool { return len(p.Diagnostics) > 0 })
	if len(p.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(p.Diagnostics), p.Diagnostics)
	}
	d := p.Diagnostics[0]
	// `	s := "héllo😀" ` is 16 UTF-16 code units (19 bytes); the directive is 41 characters.
	if d.Code != "datarace/directive" || d.Source != "msvclint" || !strings.Contains(d.Message, "suppresses no finding") ||
		d.Range.Start.Line != 4 || d.Range.Start.Character != 16 || d.Range.End.Character != 57 {
		t.Errorf("diagnostic = %+v, want datarace/directive from msvclint at 4:16-4:57", d)
	}
	if p.Version == nil || *p.Version != 1 {
		t.Errorf("diagnostics for version %v, want 1", p.Version)
	}

	var actions []struct {
		Title string
		Kind  string
		Edit  struct {
			Changes map[string][]struct {
				Range   lspRange
				NewText string
			}
		}
	}
	c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []diagnostic{d}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" || len(actions[0].Edit.Changes[uri]) != 1 {
		t.Fatalf("code actions = %+v, want one quick fix editing %s", actions, uri)
	}
	edit := actions[0].Edit.Changes[uri][0]
	fixed := applyUTF16(t, inBuffer, edit.Range, edit.NewText)
	if fixed != onDisk {
		t.Fatalf("after the quick fix the buffer is\n%s\nwant\n%s", fixed, onDisk)
	}

	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": fixed}},
	})
	p = c.diagnostics(uri, func(p published) bool { return p.Version != nil && *p.Version == 2 })
	if len(p.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v, want no diagnostics", p.Diagnostics)
	}
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	c.shutdown()
}

// applyUTF16 applies one LSP edit whose positions count UTF-16 code units.
func applyUTF16(t *testing.T, text string, r lspRange, newText string) string {
	t.Helper()
	offset := func(line, char int) int {
		lines := strings.SplitAfter(text, "\n")
		off := 0
		for _, l := range lines[:line] {
			off += len(l)
		}
		units := 0
		for i, ch := range lines[line] {
			if units == char {
				return off + i
			}
			units += len(utf16.Encode([]rune{ch}))
		}
		if units == char {
			return off + len(lines[line])
		}
		t.Fatalf("position %d:%d is inside a character or past the line", line, char)
		return 0
	}
	start, end := offset(r.Start.Line, r.Start.Character), offset(r.End.Line, r.End.Character)
	return text[:start] + newText + text[end:]
}

func TestUTF8WhenOffered(t *testing.T) {
	_, uri := module(t)
	c := start(t)
	if enc := c.initialize("utf-8", "utf-16"); enc != "utf-8" {
		t.Fatalf("position encoding %q, want utf-8", enc)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": inBuffer,
	}})
	p := c.diagnostics(uri, func(p published) bool { return len(p.Diagnostics) > 0 })
	if got := p.Diagnostics[0].Range.Start.Character; got != 19 {
		t.Errorf("start character %d, want byte offset 19", got)
	}
	c.shutdown()
}

func TestProtocolErrors(t *testing.T) {
	c := start(t)
	if m := c.request("textDocument/codeAction", map[string]any{}, nil); m.Error == nil || m.Error.Code != -32002 {
		t.Errorf("request before initialize answered %+v, want error -32002", m.Error)
	}
	c.initialize()
	if m := c.request("workspace/symbol", map[string]any{"query": "x"}, nil); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("unknown method answered %+v, want error -32601", m.Error)
	}
	c.notify("exit", nil)
	if err := <-c.done; err == nil {
		t.Error("exit without shutdown ended the server without error")
	}
}

// A burst of edits: every analysis but the last may be cancelled, and the
// diagnostics the client sees never go back to an older version.
func TestBurstOfEdits(t *testing.T) {
	_, uri := module(t)
	c := start(t)
	c.initialize()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": onDisk,
	}})
	const last = 8
	for v := 2; v <= last; v++ {
		text := onDisk
		if v%2 == 0 {
			text = inBuffer
		}
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []map[string]any{{"text": text}},
		})
	}
	seen := 0
	p := c.diagnostics(uri, func(p published) bool {
		if p.Version == nil || *p.Version < seen {
			t.Errorf("diagnostics for version %v after version %d", p.Version, seen)
			return true
		}
		seen = *p.Version
		return seen == last
	})
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != 4 {
		t.Errorf("final diagnostics %+v, want the stale directive of version %d", p.Diagnostics, last)
	}
	c.shutdown()
}

// A test file gets diagnostics too: the package is analyzed with its tests,
// as the standalone run and go vet do, or datarace's rules about parallel
// tests would never reach the editor.
func TestTestFile(t *testing.T) {
	path, _ := module(t)
	testPath := filepath.Join(filepath.Dir(path), "svc_test.go")
	onDiskTest := "package svc\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tif Greeting() == \"\" {\n\t\tt.Fatal(\"empty\")\n\t}\n}\n"
	if err := os.WriteFile(testPath, []byte(onDiskTest), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(testPath)
	c := start(t)
	c.initialize()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1,
		"text": strings.Replace(onDiskTest, `t.Fatal("empty")`, `t.Fatal("empty") //msvclint:ignore datarace only read here`, 1),
	}})
	p := c.diagnostics(uri, func(p published) bool { return len(p.Diagnostics) > 0 })
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "datarace/directive" {
		t.Errorf("diagnostics for the test file = %+v, want the stale directive", p.Diagnostics)
	}
	c.shutdown()
}

// An edit that breaks the build replaces the findings with the compiler's
// complaint, so no finding stays on a line that has moved; fixing it brings
// the findings back.
func TestTypeErrorReplacesFindings(t *testing.T) {
	_, uri := module(t)
	c := start(t)
	c.initialize()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": inBuffer,
	}})
	c.diagnostics(uri, func(p published) bool { return len(p.Diagnostics) > 0 })
	broken := "package svc\n\nvar shifted = 1\n\n" + strings.Replace(strings.TrimPrefix(inBuffer, "package svc\n"), "return s", "return 1", 1)
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": broken}},
	})
	p := c.diagnostics(uri, func(p published) bool { return p.Version != nil && *p.Version == 2 })
	typeErr := false
	for _, d := range p.Diagnostics {
		typeErr = typeErr || strings.Contains(d.Message, "cannot use 1")
		if d.Severity != 1 || d.Code != "" {
			t.Errorf("diagnostic %+v for the broken buffer: want compiler errors only", d)
		}
	}
	if !typeErr {
		t.Errorf("diagnostics for the broken buffer = %+v, want the type error", p.Diagnostics)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []map[string]any{{"text": inBuffer}},
	})
	p = c.diagnostics(uri, func(p published) bool { return p.Version != nil && *p.Version == 3 })
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "datarace/directive" {
		t.Errorf("diagnostics after the fix = %+v, want the stale directive back", p.Diagnostics)
	}
	c.shutdown()
}

// A run longer than a moment shows in the editor's progress UI, when the
// client says it has one: a token is created, then begun, then ended.
func TestProgress(t *testing.T) {
	defer lsp.SetProgressAfter(0)()
	_, uri := module(t)
	c := start(t)
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{"window": map[string]any{"workDoneProgress": true}}}
	if m := c.request("initialize", params, nil); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": inBuffer,
	}})
	var seen []string
	for !slices.Contains(seen, "end") {
		m := c.next()
		switch m.Method {
		case "window/workDoneProgress/create":
			seen = append(seen, "create")
		case "$/progress":
			var p struct {
				Value struct{ Kind string } `json:"value"`
			}
			if err := json.Unmarshal(m.Params, &p); err != nil {
				t.Fatal(err)
			}
			seen = append(seen, p.Value.Kind)
		case "textDocument/publishDiagnostics":
			seen = append(seen, "publish")
		}
	}
	if want := []string{"create", "begin", "publish", "end"}; !slices.Equal(seen, want) {
		t.Errorf("messages %v, want %v", seen, want)
	}
	c.shutdown()
}

const siblingMain = `package main

import (
	"database/sql"
	"time"
)

func main() {
	db, err := sql.Open("postgres", "postgres://%s")
	if err != nil {
		panic(err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	_ = db
}
`

// TestSiblingCopies: a package open in the editor is compared with the
// packages beside it that it does not import, as msvclint ./... does, once
// the module is indexed in the background.
func TestSiblingCopies(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":            "module example.com/twins\n\ngo 1.26\n",
		"cmd/left/main.go":  strings.Replace(siblingMain, "%s", "left", 1),
		"cmd/right/main.go": strings.Replace(siblingMain, "%s", "right", 1),
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	right := filepath.Join(dir, "cmd", "right", "main.go")
	uri := "file://" + filepath.ToSlash(right)
	c := start(t)
	c.initialize()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": files["cmd/right/main.go"],
	}})
	p := c.diagnostics(uri, func(p published) bool { return len(p.Diagnostics) > 0 })
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "diboilerplate/copied-wiring" ||
		!strings.Contains(p.Diagnostics[0].Message, "copied in 2 places (first in left/main.go:9)") {
		t.Errorf("diagnostics = %+v, want the copy of cmd/left's recipe", p.Diagnostics)
	}
	c.shutdown()
}
