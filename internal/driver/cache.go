package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Cache keeps, from one run to the next in one workspace, what the driver
// learned about dependency packages whose files and dependencies have not
// changed since: their types, errors and facts. An editor's run then checks
// and analyzes only the packages it names, not the thousand it imports.
// Its methods are safe for concurrent runs.
type Cache struct {
	mu      sync.Mutex
	fset    *token.FileSet // every cached package's positions are in it
	entries map[string]*cached
	lists   map[string]*listing
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{fset: token.NewFileSet(), entries: map[string]*cached{}, lists: map[string]*listing{}}
}

// listing is what go list said for one set of patterns, and the state of
// the files it read: while no file, directory or module file changes and
// no edited buffer changes its imports, go list would say the same.
type listing struct {
	roots []*packages.Package
	stamp string
}

// load is driver.load through the cache: go list runs again only when the
// stamp of the last listing has changed.
func (c *Cache) load(opts Options, patterns []string) ([]*packages.Package, error) {
	key := fmt.Sprintf("%s\x00%v\x00%q", opts.Dir, opts.Tests, patterns)
	c.mu.Lock()
	l := c.lists[key]
	c.mu.Unlock()
	if l != nil && stamp(l.roots, opts.Overlay) == l.stamp {
		return l.roots, nil
	}
	roots, err := listPackages(opts, patterns)
	if err != nil {
		return nil, err
	}
	fresh := &listing{roots: roots, stamp: stamp(roots, opts.Overlay)}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Two runs may have listed at once: keep the one stored first while it
	// is still current, so both runs share one set of packages.
	if l := c.lists[key]; l != nil && l.stamp == fresh.stamp {
		return l.roots, nil
	}
	c.lists[key] = fresh
	return roots, nil
}

// stamp digests what go list read: each package's directory and files
// (an edited buffer by its imports alone) and each module's go.mod and
// go.sum. Directories change when files come or go.
func stamp(roots []*packages.Package, overlay map[string][]byte) string {
	h := sha256.New()
	seen := map[string]bool{}
	statOf := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if fi, err := os.Stat(name); err == nil {
			fmt.Fprintf(h, "%s %d %d\x00", name, fi.Size(), fi.ModTime().UnixNano())
		} else {
			fmt.Fprintf(h, "%s missing\x00", name)
		}
	}
	// An unsaved new file is in no listing yet.
	for _, name := range slices.Sorted(maps.Keys(overlay)) {
		fmt.Fprintf(h, "overlay %s\x00", name)
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		fmt.Fprintf(h, "package %s\x00", p.ID)
		if p.Module != nil && p.Module.GoMod != "" {
			statOf(p.Module.GoMod)
			statOf(strings.TrimSuffix(p.Module.GoMod, ".mod") + ".sum")
		}
		for _, name := range p.GoFiles {
			statOf(filepath.Dir(name))
			if src, ok := overlay[name]; ok {
				fmt.Fprintf(h, "%s imports %s\x00", name, importsOf(src))
				continue
			}
			statOf(name)
		}
	})
	return hex.EncodeToString(h.Sum(nil))
}

// importsOf lists the import paths of a file's source, or says why it has
// none to list.
func importsOf(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return "unparsable"
	}
	var paths []string
	for _, imp := range f.Imports {
		paths = append(paths, imp.Path.Value)
	}
	return f.Name.Name + " " + strings.Join(paths, " ")
}

// cached is one dependency package as a run left it.
type cached struct {
	key      string
	types    *types.Package
	errs     []error
	illTyped bool
	analyses []*Analysis // the failures of its analyzers
	objs     map[objectKey]analysis.Fact
	pkgs     map[packageKey]analysis.Fact
}

// keys computes each node's key, dependencies first: a digest of its files
// (the overlay's content, or a file's size and modification time), its
// go list errors, what it is checked for, and its dependencies' keys. A
// root, or a package whose files cannot be read, has no key, and neither do
// the packages that import it.
func (g *graph) keys() map[*node]string {
	out := map[*node]string{}
	for _, n := range g.nodes {
		out[n] = nodeKey(g, n, out)
	}
	return out
}

func nodeKey(g *graph, n *node, keys map[*node]string) string {
	if n.work == full {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", n.pkg.ID, n.work)
	for _, e := range n.pkg.Errors {
		fmt.Fprintf(h, "error %s\x00", e)
	}
	for _, name := range n.pkg.CompiledGoFiles {
		if src, ok := g.opts.Overlay[name]; ok {
			sum := sha256.Sum256(src)
			fmt.Fprintf(h, "overlay %s %x\x00", name, sum)
			continue
		}
		fi, err := os.Stat(name)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "file %s %d %d\x00", name, fi.Size(), fi.ModTime().UnixNano())
	}
	for _, d := range n.deps {
		k := keys[d]
		if k == "" {
			return ""
		}
		fmt.Fprintf(h, "dep %s\x00", k)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// reuse fills in, from the cache, every node whose key is unchanged, with
// its facts, and marks it done.
func (g *graph) reuse(c *Cache, keys map[*node]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range g.nodes {
		e := c.entries[n.pkg.ID]
		if keys[n] == "" || e == nil || e.key != keys[n] {
			continue
		}
		n.reused = true
		n.types, n.errs, n.illTyped, n.analyses = e.types, e.errs, e.illTyped, e.analyses
		for k, f := range e.objs {
			g.facts.objs[k] = f
		}
		for k, f := range e.pkgs {
			g.facts.pkgs[k] = f
		}
	}
}

// remember stores the dependencies this run checked, with their facts.
func (g *graph) remember(c *Cache, keys map[*node]string) {
	byPkg := map[*types.Package]*cached{}
	for _, n := range g.nodes {
		if keys[n] == "" || n.reused || n.types == nil {
			continue
		}
		byPkg[n.types] = &cached{key: keys[n], types: n.types, errs: n.errs, illTyped: n.illTyped, analyses: n.analyses,
			objs: map[objectKey]analysis.Fact{}, pkgs: map[packageKey]analysis.Fact{}}
	}
	g.facts.mu.RLock()
	for k, f := range g.facts.objs {
		if e := byPkg[k.obj.Pkg()]; e != nil {
			e.objs[k] = f
		}
	}
	for k, f := range g.facts.pkgs {
		if e := byPkg[k.pkg]; e != nil {
			e.pkgs[k] = f
		}
	}
	g.facts.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range g.nodes {
		if e := byPkg[n.types]; e != nil && keys[n] != "" && !n.reused {
			c.entries[n.pkg.ID] = e
		}
	}
}
