// Package golangci registers each msvclint check as a golangci-lint v2 module
// plugin of the same name, so that linters.enable, //nolint:CHECK and the
// check's options (as plugin settings) work per check. A golangci-lint binary
// that blank-imports this package (golangci-lint custom, or a main that calls
// golangci-lint's pkg/commands) carries the checks; see README.md.
package golangci

import (
	"flag"
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/analyzers"
)

func init() {
	for _, a := range analyzers.Checks() {
		register.Plugin(a.Name, New(a))
	}
}

// New returns the plugin constructor for one check. golangci-lint calls it
// with the check's settings from .golangci.yml; each setting is one of the
// check's flags (as documented under "Options" in `msvclint help CHECK`),
// named without the "CHECK." prefix.
func New(a *analysis.Analyzer) register.NewPlugin {
	return func(conf any) (register.LinterPlugin, error) {
		if err := apply(a, conf); err != nil {
			return nil, err
		}
		return plugin{a}, nil
	}
}

type plugin struct{ analyzer *analysis.Analyzer }

func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{folded(p.analyzer)}, nil
}

// folded returns a copy of a that writes each finding's related positions
// into its message: golangci-lint would list each as an issue of its own,
// named "CHECK(related information)", ahead of the finding it explains.
func folded(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			report(fold(pass.Fset, d))
		}
		defer func() { pass.Report = report }()
		return run(pass)
	}
	return &c
}

// fold appends "(NOTE at LINE; ...)" to the message, naming the file only
// when it is another one, and drops the related positions.
func fold(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	at := fset.Position(d.Pos)
	var notes []string
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		where := "line " + strconv.Itoa(p.Line)
		if p.Filename != at.Filename {
			where = filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
		}
		notes = append(notes, strings.TrimSpace(r.Message)+" at "+where)
	}
	d.Message += " (" + strings.Join(notes, "; ") + ")"
	d.Related = nil
	return d
}

// GetLoadMode asks for type information: every check needs it.
func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// apply sets the check's flags from the plugin settings. golangci-lint's
// configuration loader lowercases keys, so names match case-insensitively.
func apply(a *analysis.Analyzer, conf any) error {
	if conf == nil {
		return nil
	}
	settings, ok := conf.(map[string]any)
	if !ok {
		return fmt.Errorf("msvclint %s: settings must be a mapping of option names to values, not %T", a.Name, conf)
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, ok := flagName(a, k)
		if !ok {
			return fmt.Errorf("msvclint %s: unknown setting %q; %s", a.Name, k, known(a))
		}
		v, err := flagValue(settings[k])
		if err != nil {
			return fmt.Errorf("msvclint %s: setting %q: %w", a.Name, k, err)
		}
		if err := a.Flags.Set(name, v); err != nil {
			return fmt.Errorf("msvclint %s: setting %q: %w", a.Name, k, err)
		}
	}
	return nil
}

func flagName(a *analysis.Analyzer, key string) (string, bool) {
	found := ""
	a.Flags.VisitAll(func(f *flag.Flag) {
		if strings.EqualFold(f.Name, key) {
			found = f.Name
		}
	})
	return found, found != ""
}

// known lists the valid settings for an error message about a typo.
func known(a *analysis.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "this check has no settings"
	}
	return "the settings are: " + strings.Join(names, ", ") + " (see 'msvclint help " + a.Name + "')"
}

// flagValue renders a YAML scalar or list as the flag's text form; a list
// becomes the comma-separated form the checks' list options take.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := flagValue(e)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("list element %q contains a comma", s)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a string, number, boolean or list, not %T", v)
}
