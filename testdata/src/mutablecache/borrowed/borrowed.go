// Package borrowed caches memory it does not own.
package borrowed

import (
	"bytes"
	"context"
	"slices"
	"sync"
)

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type Request struct {
	Path string
	Tags []string
}

type Entry struct {
	Path string
	Tags []string
}

// Pages caches rendered pages.
type Pages struct {
	mu      sync.Mutex
	pages   map[string][]byte
	tags    map[string][]string
	entries map[string]*Entry
	render  func(ctx context.Context, buf *bytes.Buffer, path string) error
}

func (p *Pages) Page(ctx context.Context, path string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.pages[path]; ok {
		return slices.Clone(b), nil
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := p.render(ctx, buf, path); err != nil {
		return nil, err
	}
	p.pages[path] = buf.Bytes() // want `Pages\.Page keeps the bytes of a pooled buffer in cache Pages\.pages without copying it; the buffer goes back to the pool and its next user overwrites them under every reader, so store bytes\.Clone of it`
	return slices.Clone(buf.Bytes()), nil
}

// PageCopy copies the pooled bytes before keeping them.
func (p *Pages) PageCopy(ctx context.Context, path string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.pages[path]; ok {
		return slices.Clone(b), nil
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := p.render(ctx, buf, path); err != nil {
		return nil, err
	}
	b := bytes.Clone(buf.Bytes())
	p.pages[path] = b
	return slices.Clone(b), nil
}

// Remember keeps the request's own tag slice.
func (p *Pages) Remember(req *Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tags[req.Path] = req.Tags // want `Pages\.Remember keeps the slice req\.Tags its caller owns in cache Pages\.tags without copying it; .* so store slices\.Clone of it`
}

// RememberCopy copies them.
func (p *Pages) RememberCopy(req *Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tags[req.Path] = slices.Clone(req.Tags)
}

// Track wraps the caller's slice in a new entry: still the caller's slice.
func (p *Pages) Track(path string, tags []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries[path] = &Entry{Path: path, Tags: tags} // want `Pages\.Track keeps the caller's slice tags inside a new Entry in cache Pages\.entries without copying it`
}

// TrackCopy wraps a copy.
func (p *Pages) TrackCopy(path string, tags []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries[path] = &Entry{Path: path, Tags: slices.Clone(tags)}
}

func loadTags(path string) []string { return []string{path} }

// Tags and Lookup make tags and entries caches: read by key, filled on a
// miss.
func (p *Pages) Tags(path string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.tags[path]; ok {
		return slices.Clone(t)
	}
	t := loadTags(path)
	p.tags[path] = t
	return slices.Clone(t)
}

func (p *Pages) Lookup(path string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.entries[path]; ok {
		return e.Path, true
	}
	e := loadEntry(path)
	p.entries[path] = e
	return e.Path, false
}

func loadEntry(path string) *Entry { return &Entry{Path: path} }
