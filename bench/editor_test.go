package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/msvclint/msvclint/internal/longtest"
)

// BenchmarkEditor drives `msvclint lsp` as an editor does, on go-zero's zrpc
// and rest packages: open a file with a race added and wait for its first
// diagnostics (metric first-s, next to cli-s, the command line on the same
// package), then, per iteration, edit the file to take the race out or put
// it back and wait for the diagnostics of that version (ns/op: edit to
// diagnostic).
//
//	cd bench && go test -run='^$' -bench=Editor -benchtime=10x
func BenchmarkEditor(b *testing.B) {
	m, ok := longtest.Lookup("go-zero")
	if !ok {
		b.Fatal("go-zero is not pinned")
	}
	scratch := b.TempDir()
	dir, err := longtest.Prepare(m, scratch)
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(scratch, "msvclint")
	if err := longtest.BuildMsvclint(bin); err != nil {
		b.Fatal(err)
	}
	for _, file := range []string{"zrpc/proxy.go", "rest/server.go"} {
		b.Run(filepath.Dir(file), func(b *testing.B) { benchEdits(b, bin, dir, file) })
	}
}

// raceFunc is appended to the edited file: datarace reports its return.
const raceFunc = "\nfunc msvclintBenchRace() int {\n\tn := 0\n\tgo func() { n++ }()\n\treturn n\n}\n"

func benchEdits(b *testing.B, bin, dir, file string) {
	start := time.Now()
	cmd := exec.Command(bin, "./"+filepath.Dir(file))
	cmd.Dir, cmd.Env = dir, longtest.Env()
	_ = cmd.Run() // findings exit 3; only the time matters
	cli := time.Since(start).Seconds()

	c, err := startServer(bin, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer c.close()
	path := filepath.Join(dir, file)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	uri := "file://" + path
	start = time.Now()
	// Opened with the race, so that the first run has a finding to publish.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(src) + raceFunc}})
	if _, err := c.diagnostics(uri, 1); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start).Seconds()
	b.ResetTimer()
	for i := range b.N {
		version := i + 2
		text, race := string(src), i%2 == 1
		if race {
			text += raceFunc
		}
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{"text": text}},
		})
		diags, err := c.diagnostics(uri, version)
		if err != nil {
			b.Fatal(err)
		}
		if found := strings.Contains(diags, "msvclintBenchRace") || strings.Contains(diags, "n is read here"); found != race {
			b.Fatalf("version %d: race reported %v, want %v: %s", version, found, race, diags)
		}
	}
	b.StopTimer()
	// After ResetTimer, which drops metrics reported before it.
	b.ReportMetric(cli, "cli-s")
	b.ReportMetric(first, "first-s")
}

// client is the editor's side of one language server over stdio.
type client struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *textproto.Reader
	id  int
}

func startServer(bin, dir string) (*client, error) {
	cmd := exec.Command(bin, "lsp")
	cmd.Dir, cmd.Env = dir, longtest.Env()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &client{cmd: cmd, in: in, out: textproto.NewReader(bufio.NewReader(out))}
	c.id++
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": c.id, "method": "initialize",
		"params": map[string]any{"rootUri": "file://" + dir, "capabilities": map[string]any{}}}); err != nil {
		return nil, err
	}
	for {
		msg, err := c.read()
		if err != nil {
			return nil, err
		}
		if msg["id"] != nil {
			break
		}
	}
	c.notify("initialized", map[string]any{})
	return c, nil
}

func (c *client) notify(method string, params any) {
	_ = c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func (c *client) send(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

func (c *client) read() (map[string]any, error) {
	h, err := c.out.ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil {
		return nil, err
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.out.R, body); err != nil {
		return nil, err
	}
	var msg map[string]any
	return msg, json.Unmarshal(body, &msg)
}

// diagnostics waits for the diagnostics of uri at version, and returns them
// as JSON text.
func (c *client) diagnostics(uri string, version int) (string, error) {
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		msg, err := c.read()
		if err != nil {
			return "", err
		}
		if msg["method"] != "textDocument/publishDiagnostics" {
			continue
		}
		params, _ := msg["params"].(map[string]any)
		if params["uri"] != uri {
			continue
		}
		if v, ok := params["version"].(float64); ok && int(v) != version {
			continue
		}
		data, _ := json.Marshal(params["diagnostics"])
		return string(data), nil
	}
	return "", fmt.Errorf("no diagnostics for %s version %d", uri, version)
}

func (c *client) close() {
	c.id++
	_ = c.send(map[string]any{"jsonrpc": "2.0", "id": c.id, "method": "shutdown"})
	c.notify("exit", nil)
	_ = c.in.Close()
	_ = c.cmd.Wait()
}
