package wiring

import (
	"regexp"
	"testing"
)

// The keys must be spelled as types.Func.FullName and qualified type names
// print them, or the entry silently never matches.
var (
	funcName   = regexp.MustCompile(`^[a-zA-Z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*$`)
	methodName = regexp.MustCompile(`^\(\*?[a-zA-Z0-9_./-]+\.[A-Za-z_][A-Za-z0-9_]*\)\.[A-Za-z_][A-Za-z0-9_]*$`)
)

func TestKeysAreQualifiedNames(t *testing.T) {
	for k := range Constructors {
		if !funcName.MatchString(k) {
			t.Errorf("constructor %q is not a qualified function name", k)
		}
	}
	for k := range Literals {
		if !funcName.MatchString(k) {
			t.Errorf("literal type %q is not a qualified type name", k)
		}
	}
	for _, table := range []map[string]Kind{Options, Globals} {
		for k := range table {
			if !funcName.MatchString(k) {
				t.Errorf("%q is not a qualified name", k)
			}
		}
	}
	for k := range Chains {
		if !funcName.MatchString(k) {
			t.Errorf("chain %q is not a qualified function name", k)
		}
	}
	for k := range Configurers {
		if !funcName.MatchString(k) && !methodName.MatchString(k) {
			t.Errorf("configurer %q is neither a qualified function nor a method", k)
		}
	}
}
