package golangci_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/plugin/golangci"
)

func TestEveryCheckIsAPlugin(t *testing.T) {
	for _, a := range analyzers.Checks() {
		newPlugin, err := register.GetPlugin(a.Name)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		p, err := newPlugin(nil)
		if err != nil {
			t.Fatalf("%s without settings: %v", a.Name, err)
		}
		got, err := p.BuildAnalyzers()
		if err != nil || len(got) != 1 || got[0].Name != a.Name || got[0].Doc != a.Doc || len(got[0].Requires) != len(a.Requires) || len(got[0].FactTypes) != len(a.FactTypes) {
			t.Errorf("%s builds %v, %v; want its own analyzer alone", a.Name, got, err)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("%s load mode %q, want %q", a.Name, p.GetLoadMode(), register.LoadModeTypesInfo)
		}
	}
}

// fake is a check with one option of each kind the checks use.
func fake() (*analysis.Analyzer, *int, *string, *bool) {
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	limit := fs.Int("maxGoroutines", 10, "limit")
	names := fs.String("types", "", "comma-separated type names")
	strict := fs.Bool("strict", false, "strict")
	return &analysis.Analyzer{Name: "fake", Flags: *fs}, limit, names, strict
}

func TestSettingsSetFlags(t *testing.T) {
	a, limit, names, strict := fake()
	// golangci-lint's loader lowercases keys: maxgoroutines is maxGoroutines.
	_, err := golangci.New(a)(map[string]any{"maxgoroutines": 3, "types": []any{"a.Cache", "b.Store"}, "strict": true})
	if err != nil {
		t.Fatal(err)
	}
	if *limit != 3 || *names != "a.Cache,b.Store" || !*strict {
		t.Errorf("flags = %d, %q, %v; want 3, \"a.Cache,b.Store\", true", *limit, *names, *strict)
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, c := range []struct {
		conf any
		want string
	}{
		{map[string]any{"strcit": true}, `msvclint fake: unknown setting "strcit"; the settings are: maxGoroutines, strict, types`},
		{map[string]any{"maxgoroutines": "many"}, `msvclint fake: setting "maxgoroutines": parse error`},
		{map[string]any{"types": map[string]any{"a": 1}}, `msvclint fake: setting "types": want a string, number, boolean or list`},
		{[]any{"strict"}, "msvclint fake: settings must be a mapping"},
	} {
		a, _, _, _ := fake()
		_, err := golangci.New(a)(c.conf)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("settings %v: error %v, want one containing %q", c.conf, err, c.want)
		}
	}
}

func TestNoSettings(t *testing.T) {
	_, err := golangci.New(&analysis.Analyzer{Name: "bare"})(map[string]any{"x": 1})
	if err == nil || !strings.Contains(err.Error(), "this check has no settings") {
		t.Errorf("got %v, want an error saying the check has no settings", err)
	}
}

// TestRelatedFolded: golangci-lint would list related positions as issues of
// their own, ahead of the finding; the plugin writes them into the message.
func TestRelatedFolded(t *testing.T) {
	newPlugin, err := register.GetPlugin("datarace")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	built, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, testcorpus.Dir(), built[0], "datarace/classes")
	folded := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) > 0 {
				t.Errorf("%s: related positions left: %v", d.Message, d.Related)
			}
			if strings.Contains(d.Message, " at line ") {
				folded++
			}
		}
	}
	if folded == 0 {
		t.Error("no finding names a related position in its message")
	}
}
