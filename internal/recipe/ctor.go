package recipe

import (
	"go/token"
	"slices"
	"strings"
)

// Ctor is a field-copying constructor: a function whose body only copies its
// parameters into a struct literal and returns it (nil checks allowed).
type Ctor struct {
	Name   string   // qualified function name
	Result string   // the type it returns, with full package paths
	Params []string // parameter types, sorted: the dependency signature
	Place  Place

	At, End token.Pos // in the package that produced it only; zero in facts
}

// Key is the dependency signature: the parameter types in any order.
func (c *Ctor) Key() string { return strings.Join(c.Params, ", ") }

// ClusterCtors groups constructors with the same dependency signature (at
// least minParams parameters) declared in at least minCopies packages. Each
// cluster is sorted by place, its first member the first copy; a package
// contributes its first constructor only, since copies are between services.
func ClusterCtors(ctors []*Ctor, minParams, minCopies int) [][]*Ctor {
	sorted := slices.Clone(ctors)
	slices.SortFunc(sorted, func(a, b *Ctor) int { return comparePlace(a.Place, b.Place) })
	byKey := map[string][]*Ctor{}
	var keys []string
	for _, c := range sorted {
		if len(c.Params) < minParams {
			continue
		}
		k := c.Key()
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], c)
	}
	var out [][]*Ctor
	for _, k := range keys {
		var group []*Ctor
		pkgs := map[string]bool{}
		for _, c := range byKey[k] {
			if !pkgs[c.Place.Pkg] {
				pkgs[c.Place.Pkg] = true
				group = append(group, c)
			}
		}
		if len(group) >= max(minCopies, 2) {
			out = append(out, group)
		}
	}
	return out
}
