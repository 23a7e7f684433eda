package recipe

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Drift describes, in message-ready phrases, what the copies of a cluster
// differ in: the likely defects first, then the other differences, then
// those that look deliberate (see Diff). It names copies by their short file
// names (see Short); at most limit phrases are returned, with a count of the
// rest.
func Drift(cluster []*Block, short map[string]string, limit int) []string {
	d := Diff(cluster, short)
	return Limit(append(append(d.Defects, d.Other...), d.Deliberate...), limit)
}

// Limit keeps the first limit phrases and counts the rest; 0 keeps all.
func Limit(phrases []string, limit int) []string {
	if limit > 0 && len(phrases) > limit {
		rest := len(phrases) - limit
		phrases = append(phrases[:limit:limit], fmt.Sprintf("%d more difference%s", rest, plural(rest)))
	}
	return phrases
}

// Differences sorts what a cluster's copies differ in, as phrases.
type Differences struct {
	// Defects are settings whose absence bites (TLS and credentials,
	// timeouts, middleware and interceptors) that one copy lacks and every
	// other copy sets: the forgotten fix.
	Defects []string
	// Deliberate are security or capacity settings a copy sets its own
	// way: a pool of 1 for a blocking client (capacities of 0 or 1 only;
	// other sizes are tuning), TLS on one listener of several. They are intent, not drift to remove.
	Deliberate []string
	// DeliberateIn names, by copy index, the copies that differ on purpose.
	DeliberateIn map[int]bool
	// Other is the rest: steps only some copies set, and values that differ.
	Other []string
}

// Diff sorts the differences of a cluster's copies.
func Diff(cluster []*Block, short map[string]string) Differences {
	names := copyNames(cluster, short)
	d := Differences{DeliberateIn: map[int]bool{}}
	var values []string
	var defects []defect
	for _, label := range allLabels(cluster) {
		display := nameOf(cluster, label)
		class := Classify(label)
		var have, lack []int
		byValue := map[string][]int{}
		texts := map[string]string{}
		var order []string
		for i, b := range cluster {
			exact, text, ok := valueOf(b, label)
			if !ok {
				lack = append(lack, i)
				continue
			}
			have = append(have, i)
			exact = sameText(exact, text, order, texts)
			if _, seen := byValue[exact]; !seen {
				order = append(order, exact)
				texts[exact] = text
			}
			byValue[exact] = append(byValue[exact], i)
		}
		switch {
		case len(lack) == 0 && len(order) > 1:
			phrase := valuesPhrase(display, order, byValue, texts, names)
			if class == Security || class == Capacity && anyExtreme(texts) {
				d.Deliberate = append(d.Deliberate, phrase+", which looks deliberate")
				markAll(d.DeliberateIn, minority(order, byValue))
				continue
			}
			values = append(values, phrase)
		case len(lack) == 0:
		case len(lack) == 1 && (class == Security || class == Timeout || class == Chain):
			who := others(names, have, len(cluster))
			defects = append(defects, defect{class, fmt.Sprintf("%s lacks %s, which %s sets", pick(names, lack), display, who)})
		case class == Capacity && anyExtreme(texts) || class == Security && len(cluster) >= 3 && 2*len(have) < len(cluster):
			d.Deliberate = append(d.Deliberate, fmt.Sprintf("only %s set%s %s, which looks deliberate", pick(names, have), verbS(len(have)), display))
			markAll(d.DeliberateIn, have)
		default:
			d.Other = append(d.Other, presence(display, pick(names, have), pick(names, lack), len(have), len(lack)))
		}
	}
	// A missing credential is worse than a missing middleware, and that
	// worse than a missing timeout.
	slices.SortStableFunc(defects, func(a, b defect) int { return cmp.Compare(a.rank(), b.rank()) })
	for _, x := range defects {
		d.Defects = append(d.Defects, x.phrase)
	}
	// A step some copies lack is the drift that bites (the missing
	// timeout); differing values are often deliberate, so they come last.
	d.Other = append(d.Other, values...)
	return d
}

type defect struct {
	class  Class
	phrase string
}

func (d defect) rank() int { return slices.Index([]Class{Security, Chain, Timeout}, d.class) }

// anyExtreme reports whether a capacity is set to 0 or 1: a pool of one
// connection, no idle connections, no retries. That changes what the
// dependency does (a blocking client) rather than tuning it.
func anyExtreme(texts map[string]string) bool {
	for _, t := range texts {
		if t == "0" || t == "1" {
			return true
		}
	}
	return false
}

// sameText returns the key of a value already seen with the same source
// text, or exact: Name in one main package and Name in another are different
// objects, but no reader would call them a difference.
func sameText(exact, text string, order []string, texts map[string]string) string {
	for _, k := range order {
		if texts[k] == text {
			return k
		}
	}
	return exact
}

func markAll(set map[int]bool, idx []int) {
	for _, i := range idx {
		set[i] = true
	}
}

// minority returns the copies that hold a value fewer copies share than the
// most common one; with a tie, every copy.
func minority(order []string, byValue map[string][]int) []int {
	most := 0
	for _, v := range order {
		most = max(most, len(byValue[v]))
	}
	var out []int
	for _, v := range order {
		if len(byValue[v]) < most || len(byValue[v]) == most && tie(order, byValue, most) {
			out = append(out, byValue[v]...)
		}
	}
	return out
}

func tie(order []string, byValue map[string][]int, most int) bool {
	n := 0
	for _, v := range order {
		if len(byValue[v]) == most {
			n++
		}
	}
	return n > 1
}

// clip shortens a long value for a message; the places say where to read it.
func clip(text string) string {
	if r := []rune(text); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return text
}

func pick(names []string, idx []int) string {
	var out []string
	for _, i := range idx {
		out = append(out, names[i])
	}
	return join(out)
}

// others names the copies that set what one lacks, as a singular subject:
// every other copy, or the one other.
func others(names []string, have []int, n int) string {
	if len(have) > 1 && len(have) == n-1 {
		return "every other copy"
	}
	return pick(names, have[:1])
}

func presence(label, have, lack string, nHave, nLack int) string {
	if nHave <= nLack {
		return fmt.Sprintf("only %s set%s %s", have, verbS(nHave), label)
	}
	return fmt.Sprintf("%s lack%s %s", lack, verbS(nLack), label)
}

func valuesPhrase(label string, order []string, values map[string][]int, texts map[string]string, names []string) string {
	var parts []string
	for _, v := range order {
		parts = append(parts, fmt.Sprintf("%s in %s", clip(texts[v]), pick(names, values[v])))
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

// Class is what a setting is for, as far as drift goes.
type Class int

// The classes of settings.
const (
	Plain    Class = iota
	Security       // TLS, credentials, authentication
	Timeout        // timeouts, deadlines, lifetimes, keepalives
	Capacity       // pool sizes, limits, retries, buffers
	Chain          // a middleware or interceptor
	Location       // where the dependency is: an address, endpoint, name
)

var (
	securityWords = regexp.MustCompile(`(?i)tls|cert|insecure|credential|password|auth|secure|cipher`)
	timeoutWords  = regexp.MustCompile(`(?i)timeout|deadline|lifetime|idletime|keepalive|wait`)
	capacityWords = regexp.MustCompile(`(?i)pool|max|min|limit|concurren|size|workers|burst|buffer|retry|reconnect|conns`)
	locationWords = regexp.MustCompile(`(?i)^(addrs?|address(es)?|endpoints?|network|target|hosts?|port|name|dsn|url)$`)
)

// Classify tells a step's class from its label: the field path, option or
// setter it names. Middleware and interceptor steps are labelled by the pass.
func Classify(label string) Class {
	if strings.HasPrefix(label, "middleware/") || strings.Contains(label, "Interceptor/") {
		return Chain
	}
	// The words that matter are in the selector path after the package:
	// "Net.TLS.Enable" of "github.com/IBM/sarama.Config.Net.TLS.Enable".
	name := label[strings.LastIndex(label, "/")+1:]
	if i := strings.Index(name, "."); i >= 0 {
		name = name[i+1:]
	}
	last := name[strings.LastIndexAny(name, ".)")+1:]
	switch {
	case locationWords.MatchString(last):
		return Location
	case timeoutWords.MatchString(name):
		return Timeout
	case securityWords.MatchString(name):
		return Security
	case capacityWords.MatchString(name):
		return Capacity
	}
	return Plain
}
