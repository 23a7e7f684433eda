package recipe

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"go/token"
	"path"
	"slices"
	"strings"
)

// Place is where a recipe or constructor stands. It is plain data so that it
// travels in facts between go vet's per-package processes.
type Place struct {
	File string
	Line int
	Col  int
	Pkg  string // import path
	Func string // enclosing function, qualified: "pkg/path.Name"
}

// Less orders places by file path, then position: the first copy of a
// cluster is the one in the lowest-sorted file.
func (p Place) Less(q Place) bool {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col)) < 0
}

// Step is one configuration act of a recipe: a setter call, an option, a
// literal field. Label names it by type (so it is the same in every copy);
// Shape is its normalized fingerprint; Value is its source text for messages.
type Step struct {
	Label string // qualified: "(*database/sql.DB).SetMaxOpenConns", "net/http.Server.ReadTimeout"
	Name  string // as a message says it: "SetMaxOpenConns", "ReadTimeout"
	Shape string // normalized, literals reduced to their kind
	Exact string // normalized, literals kept: what drift compares
	Value string // source text
}

// Block is a recipe: a run of statements that builds one dependency and
// configures it.
type Block struct {
	Kind     string // what it builds, in words ("database pool")
	Anchor   string // the constructor or literal type that starts it, qualified
	Place    Place
	Provider string // the exported function that builds and returns it, if any
	Steps    []Step // sorted by Label, then Shape

	At, End token.Pos // in the package that produced it only; zero in facts
}

// Hash identifies copies that are equal up to local names and literals.
func (b *Block) Hash() string {
	h := sha256.New()
	h.Write([]byte(b.Anchor))
	for _, s := range b.Steps {
		h.Write([]byte{0})
		h.Write([]byte(s.Label + "\x01" + s.Shape))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// labels returns the distinct step labels of b.
func (b *Block) labels() []string {
	var out []string
	for _, s := range b.Steps {
		if len(out) == 0 || out[len(out)-1] != s.Label {
			out = append(out, s.Label)
		}
	}
	return out
}

// evidence returns the labels of b's steps that show how it is configured:
// not its constructor call, and not where the dependency is (its address,
// endpoint or name), which every user of the API sets.
func evidence(b *Block) []string {
	return slices.DeleteFunc(b.labels(), func(l string) bool { return l == b.Anchor || Classify(l) == Location })
}

// SortSteps puts steps in the canonical order Hash and Similar rely on.
func SortSteps(steps []Step) {
	slices.SortFunc(steps, func(a, b Step) int {
		return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Shape, b.Shape), cmp.Compare(a.Value, b.Value))
	})
}

// Similar reports whether a and b are copies of one recipe: they start with
// the same constructor or literal type, share at least minSteps configuration
// steps besides that constructor call, and the shared steps are at least half of all the steps either sets.
// Copies may differ in a step or two (that is the drift the check reports);
// recipes that merely use the same API do not share most of their steps.
func Similar(a, b *Block, minSteps int) bool {
	if a.Anchor != b.Anchor || a.Place.Func == b.Place.Func && a.Place.Pkg == b.Place.Pkg {
		return false
	}
	la, lb := evidence(a), evidence(b)
	shared := 0
	for _, l := range la {
		if _, ok := slices.BinarySearch(lb, l); ok {
			shared++
		}
	}
	union := len(la) + len(lb) - shared
	return shared >= minSteps && 2*shared >= union
}

// Cluster groups blocks into clusters of copies (transitively Similar) with
// at least minCopies members. Clusters and their members are sorted by
// place, so the first member is the first copy.
func Cluster(blocks []*Block, minSteps, minCopies int) [][]*Block {
	sorted := slices.Clone(blocks)
	slices.SortFunc(sorted, func(a, b *Block) int { return comparePlace(a.Place, b.Place) })
	parent := make([]int, len(sorted))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if Similar(sorted[i], sorted[j], minSteps) {
				ri, rj := find(i), find(j)
				if ri != rj {
					parent[max(ri, rj)] = min(ri, rj)
				}
			}
		}
	}
	groups := map[int][]*Block{}
	for i, b := range sorted {
		r := find(i)
		groups[r] = append(groups[r], b)
	}
	var out [][]*Block
	for i := range sorted {
		if g := groups[i]; len(g) >= max(minCopies, 2) {
			out = append(out, g)
		}
	}
	return out
}

func comparePlace(p, q Place) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Short returns the places' files relative to their common directory, so a
// message names "cmd/orders/main.go" rather than an absolute path.
func Short(files []string) map[string]string {
	common := ""
	for i, f := range files {
		dir := path.Dir(strings.ReplaceAll(f, "\\", "/"))
		if i == 0 {
			common = dir
			continue
		}
		for common != "." && common != "/" && !strings.HasPrefix(dir+"/", common+"/") {
			common = path.Dir(common)
		}
	}
	out := map[string]string{}
	for _, f := range files {
		s := strings.ReplaceAll(f, "\\", "/")
		if common != "" && common != "." && common != "/" {
			s = strings.TrimPrefix(s, common+"/")
		}
		out[f] = s
	}
	return out
}
