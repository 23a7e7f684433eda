package wiring

import (
	"maps"
	"regexp"
	"slices"
	"testing"
)

// The keys must be spelled as types.Func.FullName and qualified type names
// print them, or the entry silently never matches.
var (
	funcName   = regexp.MustCompile(`^[a-zA-Z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*$`)
	methodName = regexp.MustCompile(`^\(\*?[a-zA-Z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*\)\.[A-Za-z_][A-Za-z0-9_]*$`)
)

func TestKeysAreQualifiedNames(t *testing.T) {
	var names []string
	for _, table := range []map[string]Kind{Constructors, Literals, Options, Globals} {
		names = slices.AppendSeq(names, maps.Keys(table))
	}
	names = slices.AppendSeq(names, maps.Keys(Chains))
	for _, k := range names {
		if !funcName.MatchString(k) {
			t.Errorf("%q is not a qualified function or type name", k)
		}
	}
	for k := range Configurers {
		if !funcName.MatchString(k) && !methodName.MatchString(k) {
			t.Errorf("configurer %q is neither a qualified function nor a method", k)
		}
	}
}
