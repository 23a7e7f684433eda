// Package use instantiates the generic plumbing from another package, so
// checks meet instantiated types and methods through facts and export data.
package use

import (
	"cmp"
	"context"
	"strings"

	"example.com/edge/generics"
)

// Profile is cached by user ID.
type Profile struct {
	Name  string
	Roles []string
}

var profiles = generics.NewCache[string, *Profile]()

// Lookup returns the cached profile.
func Lookup(id string) (*Profile, bool) { return profiles.Get(id) }

// Store caches p.
func Store(id string, p *Profile) { profiles.Put(id, p) }

// Names lists profile names in ID order.
func Names() []string {
	var out []string
	for _, p := range profiles.All(cmp.Compare[string]) {
		out = append(out, p.Name)
	}
	return out
}

// Lengths measures words with a bounded pool.
func Lengths(ctx context.Context, words []string) int {
	ls := generics.Pool(ctx, 4, words, func(_ context.Context, w string) int { return len(w) })
	return generics.Sum(ls)
}

// Upper upper-cases a list lazily.
func Upper(l *generics.List[string]) []string {
	var out []string
	for s := range generics.Map(l.Values(), strings.ToUpper) {
		out = append(out, s)
	}
	return out
}

// Roles collects the distinct roles of the given profiles.
func Roles(ps ...*Profile) []string {
	set := generics.Set[string]{}
	for _, p := range ps {
		for _, r := range p.Roles {
			set[r] = struct{}{}
		}
	}
	return generics.Keys(set)
}

// Flip uses a method of a generic type with reordered parameters.
func Flip() generics.Pair[int, string] {
	return generics.Pair[string, int]{First: "a", Second: 1}.Swap()
}

// Biggest uses a generic with a variadic type parameter.
func Biggest() float64 { return generics.Max(1.5, 2.5, -3) }
