// Package golangci registers each msvclint check as a golangci-lint v2 module
// plugin of the same name, so that linters.enable, //nolint:CHECK and the
// check's options (as plugin settings) work per check. A golangci-lint binary
// that blank-imports this package (golangci-lint custom, or a main that calls
// golangci-lint's pkg/commands) carries the checks; see README.md.
package golangci

import (
	"flag"
	"fmt"
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
	return []*analysis.Analyzer{p.analyzer}, nil
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
