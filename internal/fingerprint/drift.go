package fingerprint

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Drift describes, in message-ready phrases, what the copies of a cluster
// differ in: steps only some copies set, and steps whose values differ. It
// names copies by their short file names (see Short); at most limit phrases
// are returned, with a count of the rest.
func Drift(cluster []*Block, short map[string]string, limit int) []string {
	names := copyNames(cluster, short)
	var phrases, valuePhrases []string
	for _, label := range allLabels(cluster) {
		display := nameOf(cluster, label)
		var have, lack []string
		values := map[string][]string{}
		texts := map[string]string{}
		var order []string
		for i, b := range cluster {
			exact, text, ok := valueOf(b, label)
			if !ok {
				lack = append(lack, names[i])
				continue
			}
			have = append(have, names[i])
			if _, seen := values[exact]; !seen {
				order = append(order, exact)
				texts[exact] = text
			}
			values[exact] = append(values[exact], names[i])
		}
		switch {
		case len(lack) > 0:
			phrases = append(phrases, presence(display, have, lack))
		case len(order) > 1:
			valuePhrases = append(valuePhrases, valuesPhrase(display, order, values, texts))
		}
	}
	// A step some copies lack is the drift that bites (the missing
	// timeout); differing values are often deliberate, so they come last.
	phrases = append(phrases, valuePhrases...)
	if limit > 0 && len(phrases) > limit {
		rest := len(phrases) - limit
		phrases = append(phrases[:limit], fmt.Sprintf("%d more difference%s", rest, plural(rest)))
	}
	return phrases
}

func presence(label string, have, lack []string) string {
	if len(have) <= len(lack) {
		return fmt.Sprintf("only %s set%s %s", join(have), verbS(len(have)), label)
	}
	return fmt.Sprintf("%s lack%s %s", join(lack), verbS(len(lack)), label)
}

func valuesPhrase(label string, order []string, values map[string][]string, texts map[string]string) string {
	var parts []string
	for _, v := range order {
		parts = append(parts, fmt.Sprintf("%s in %s", texts[v], join(values[v])))
	}
	return fmt.Sprintf("%s is %s", label, strings.Join(parts, " but "))
}

// valueOf returns the exact fingerprint and the source text of label's step
// in b, all of them joined when the label repeats (two interceptors, say).
func valueOf(b *Block, label string) (exact, text string, ok bool) {
	var es, vs []string
	for _, s := range b.Steps {
		if s.Label == label {
			es = append(es, s.Exact)
			vs = append(vs, s.Value)
		}
	}
	return strings.Join(es, ","), strings.Join(vs, ", "), len(vs) > 0
}

func allLabels(cluster []*Block) []string {
	var out []string
	for _, b := range cluster {
		out = append(out, b.labels()...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// copyNames names each copy by its short file, or by its file and function
// when one file holds two copies.
func copyNames(cluster []*Block, short map[string]string) []string {
	count := map[string]int{}
	for _, b := range cluster {
		count[b.Place.File]++
	}
	names := make([]string, len(cluster))
	for i, b := range cluster {
		name := short[b.Place.File]
		if name == "" {
			name = path.Base(b.Place.File)
		}
		if count[b.Place.File] > 1 {
			name += " (" + ShortFuncName(b.Place.Func) + ")"
		}
		names[i] = name
	}
	return names
}

func shortFunc(qualified string) string {
	i := strings.LastIndex(qualified, "/")
	if i < 0 {
		return qualified
	}
	short := qualified[i+1:]
	// A major version suffix is not a package name: "go-redis/v9.NewClient"
	// reads better as "go-redis.NewClient".
	if len(short) > 1 && short[0] == 'v' && short[1] >= '0' && short[1] <= '9' {
		if dot := strings.Index(short, "."); dot > 0 && strings.Trim(short[1:dot], "0123456789") == "" {
			if j := strings.LastIndex(qualified[:i], "/"); j >= 0 {
				return qualified[j+1:i] + short[dot:]
			}
		}
	}
	return short
}

// ShortFunc drops the directory part of a qualified function name:
// "example.com/platform.OpenDB" becomes "platform.OpenDB".
func ShortFunc(qualified string) string { return shortFunc(qualified) }

func join(names []string) string {
	switch len(names) {
	case 0:
		return "none"
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func nameOf(cluster []*Block, label string) string {
	for _, b := range cluster {
		for _, s := range b.Steps {
			if s.Label == label && s.Name != "" {
				return s.Name
			}
		}
	}
	return label
}

// ShortFuncName returns the bare name of a qualified function:
// "example.com/platform.OpenDB" becomes "OpenDB".
func ShortFuncName(qualified string) string {
	s := shortFunc(qualified)
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}
