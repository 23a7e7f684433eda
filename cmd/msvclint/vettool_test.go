package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
)

func writeVetConfig(t *testing.T, dir string, vetxOnly bool) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"Dir": dir, "ImportPath": "x", "VetxOnly": vetxOnly})
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "vet.cfg")
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

// On a standard-library dependency that go vet analyzes for facts only, the
// checks and their flags drop out and vet's own analyzers stay; anywhere
// else the suite is whole.
func TestVetSuite(t *testing.T) {
	goroot := t.TempDir()
	t.Setenv("GOROOT", goroot)
	full := append(analyzers.Checks(), analyzers.Vet()...)
	flags := []string{"-json", "-diboilerplate.minsteps=4", "-datarace=false", "-printf.funcs=Logf"}
	tests := []struct {
		name      string
		dir       string
		vetxOnly  bool
		wantSuite []string
		wantFlags []string
	}{
		{"std for facts", filepath.Join(goroot, "src", "net", "http"), true, names(analyzers.Vet()), []string{"-json", "-printf.funcs=Logf"}},
		{"std reported", filepath.Join(goroot, "src", "net", "http"), false, names(full), flags},
		{"module for facts", filepath.Join(t.TempDir(), "src", "net", "http"), true, names(full), flags},
		{"beside GOROOT", goroot + "x", true, names(full), flags},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := writeVetConfig(t, tt.dir, tt.vetxOnly)
			suite, args := vetSuite(full, append(slices.Clone(flags), cfg))
			if got := names(suite); !slices.Equal(got, tt.wantSuite) {
				t.Errorf("suite = %v, want %v", got, tt.wantSuite)
			}
			if want := append(slices.Clone(tt.wantFlags), cfg); !slices.Equal(args, want) {
				t.Errorf("args = %v, want %v", args, want)
			}
		})
	}
}
