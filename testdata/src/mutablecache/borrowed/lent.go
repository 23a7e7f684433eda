package borrowed

import (
	"bufio"
	"io"
	"slices"
	"sync"

	"github.com/valyala/fasthttp"
)

// Lines caches the first line of each source; bufio.Scanner lends its
// buffer only until the next Scan.
type Lines struct {
	mu    sync.Mutex
	first map[string][]byte
}

func (l *Lines) First(name string, r io.Reader) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.first[name]; ok {
		return slices.Clone(b)
	}
	sc := bufio.NewScanner(r)
	sc.Scan()
	b := sc.Bytes() // want `Lines\.First keeps the bytes of a bufio\.Scanner's buffer in cache Lines\.first without copying it; the next Scan overwrites them under every reader, so store bytes\.Clone of it`
	l.first[name] = b
	sc.Scan()
	return slices.Clone(b)
}

// FirstText keeps the scanner's string, which is a copy.
func (l *Lines) FirstText(name string, r io.Reader) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.first[name]; ok {
		return slices.Clone(b)
	}
	sc := bufio.NewScanner(r)
	sc.Scan()
	b := []byte(sc.Text())
	l.first[name] = b
	return slices.Clone(b)
}

// Pages caches fetched bodies; fasthttp hands the response back to its
// pool on release, and the next request reuses the body's bytes.
type Fetched struct {
	mu    sync.Mutex
	pages map[string][]byte
	fetch func(url string, resp *fasthttp.Response) error
}

func (f *Fetched) Page(url string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.pages[url]; ok {
		return slices.Clone(b), nil
	}
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseResponse(resp)
	if err := f.fetch(url, resp); err != nil {
		return nil, err
	}
	f.pages[url] = resp.Body() // want `Fetched\.Page keeps a fasthttp response's body in cache Fetched\.pages without copying it; fasthttp reuses it once the response is released, so store bytes\.Clone of it`
	return slices.Clone(f.pages[url]), nil
}
