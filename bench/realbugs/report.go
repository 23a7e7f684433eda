package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// tally counts entries, those that loaded, and those each tool found.
type tally struct {
	labelled, loaded int
	found            map[string]int
}

func (t *tally) add(o Outcome) {
	if t.found == nil {
		t.found = map[string]int{}
	}
	t.labelled++
	if o.Loaded {
		t.loaded++
	}
	for tool, ok := range o.Found {
		if ok {
			t.found[tool]++
		}
	}
}

func outcomes(rs []groupResult) []Outcome {
	var out []Outcome
	for _, r := range rs {
		out = append(out, r.outcomes...)
	}
	slices.SortFunc(out, func(a, b Outcome) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// byKind tallies the outcomes per kind, in kindOrder, then in all.
func byKind(outs []Outcome) ([]string, map[string]*tally) {
	t := map[string]*tally{"all": {}}
	for _, o := range outs {
		if t[o.Kind] == nil {
			t[o.Kind] = &tally{}
		}
		t[o.Kind].add(o)
		t["all"].add(o)
	}
	var rows []string
	for _, k := range kindOrder {
		if t[k] != nil {
			rows = append(rows, k)
		}
	}
	return append(rows, "all"), t
}

// repoRow is the precision side of one repository: the other findings in
// the packages the benchmark analyzed.
type repoRow struct {
	tally
	other, lines int
}

func byRepo(rs []groupResult) ([]string, map[string]*repoRow) {
	rows := map[string]*repoRow{}
	for _, r := range rs {
		for i, o := range r.outcomes {
			row := rows[o.Repo]
			if row == nil {
				row = &repoRow{}
				rows[o.Repo] = row
			}
			row.add(o)
			if i == 0 && r.lines > 0 { // a group is one module version of one repository
				row.lines += r.lines
				row.other += len(r.other)
			}
		}
	}
	return slices.Sorted(maps.Keys(rows)), rows
}

func per100k(n, lines int) string {
	if lines == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(n)*100000/float64(lines))
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", (n*100+d/2)/d)
}

func mark(b bool) string {
	if b {
		return "found"
	}
	return "-"
}

// printText writes every entry's outcome, the tables, why entries did not
// load, and msvclint's other findings for triage.
func printText(w io.Writer, rs []groupResult, peers, compare bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "entry\tkind\tcheck\tloaded\tmsvclint\tbaseline\tgo vet\tstaticcheck")
	all := outcomes(rs)
	for _, o := range all {
		loaded := "no"
		if o.Loaded {
			loaded = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.Kind, o.Check, loaded, mark(o.Found[msvclint]), peerMark(o, baseline, compare), peerMark(o, vet, peers), peerMark(o, staticcheck, peers))
	}
	tw.Flush()
	fmt.Fprintln(w)
	printKinds(w, all, peers, compare, false)
	fmt.Fprintln(w)
	printRepos(w, rs, false)
	fmt.Fprintln(w)
	printMisses(w, all, false)
	fmt.Fprintln(w, "\nnot loaded:")
	for _, o := range all {
		if !o.Loaded {
			fmt.Fprintf(w, "  %s (%s): %s\n", o.ID, o.ModVersion(), strings.ReplaceAll(o.Why, "\n", "\n    "))
		}
	}
	fmt.Fprintln(w, "\nmsvclint's findings on the labelled lines:")
	for _, o := range all {
		for _, f := range o.Hits {
			fmt.Fprintf(w, "  %s: %s\n", o.ID, f)
		}
	}
	fmt.Fprintln(w, "\nmsvclint's other findings in the same packages (triage these for precision):")
	for _, r := range rs {
		for _, f := range r.other {
			fmt.Fprintf(w, "  %s@%s %s\n", r.module, r.version, f)
		}
	}
}

func peerMark(o Outcome, tool string, peers bool) string {
	if !peers {
		return "n/a"
	}
	return mark(o.Found[tool])
}

func printKinds(w io.Writer, all []Outcome, peers, compare, markdown bool) {
	rows, t := byKind(all)
	header := []string{"kind", "check", "labelled", "loaded", "msvclint found", "recall"}
	if compare {
		header = append(header, "baseline found")
	}
	if peers {
		header = append(header, "go vet found", "staticcheck found")
	}
	tab := newTable(w, markdown, header)
	for _, k := range rows {
		c := t[k]
		row := []string{k, kinds[k], fmt.Sprint(c.labelled), fmt.Sprint(c.loaded), fmt.Sprint(c.found[msvclint]), pct(c.found[msvclint], c.loaded)}
		if k == "all" {
			row[1] = ""
		}
		if compare {
			row = append(row, fmt.Sprint(c.found[baseline]))
		}
		if peers {
			row = append(row, fmt.Sprint(c.found[vet]), fmt.Sprint(c.found[staticcheck]))
		}
		tab.row(row)
	}
	tab.flush()
}

func printRepos(w io.Writer, rs []groupResult, markdown bool) {
	names, rows := byRepo(rs)
	tab := newTable(w, markdown, []string{"repository", "labelled", "loaded", "msvclint found", "lines analyzed", "other findings", "per 100k lines"})
	total := repoRow{}
	for _, n := range names {
		r := rows[n]
		tab.row([]string{n, fmt.Sprint(r.labelled), fmt.Sprint(r.loaded), fmt.Sprint(r.found[msvclint]), fmt.Sprint(r.lines), fmt.Sprint(r.other), per100k(r.other, r.lines)})
		total.labelled += r.labelled
		total.loaded += r.loaded
		total.lines += r.lines
		total.other += r.other
		if total.found == nil {
			total.found = map[string]int{}
		}
		total.found[msvclint] += r.found[msvclint]
	}
	tab.row([]string{"all", fmt.Sprint(total.labelled), fmt.Sprint(total.loaded), fmt.Sprint(total.found[msvclint]), fmt.Sprint(total.lines), fmt.Sprint(total.other), per100k(total.other, total.lines)})
	tab.flush()
}

// printMisses groups the loaded entries msvclint missed by kind and
// pattern, the most common first: the work list of each check's recall.
func printMisses(w io.Writer, all []Outcome, markdown bool) {
	type group struct {
		kind, pattern string
		ids           []string
	}
	byKey := map[[2]string]*group{}
	for _, o := range all {
		if !o.Loaded || o.Found[msvclint] {
			continue
		}
		k := [2]string{o.Kind, o.Pattern}
		if byKey[k] == nil {
			byKey[k] = &group{kind: o.Kind, pattern: o.Pattern}
		}
		byKey[k].ids = append(byKey[k].ids, o.ID)
	}
	groups := slices.Collect(maps.Values(byKey))
	slices.SortFunc(groups, func(a, b *group) int {
		if len(a.ids) != len(b.ids) {
			return len(b.ids) - len(a.ids)
		}
		return strings.Compare(a.kind+a.pattern, b.kind+b.pattern)
	})
	tab := newTable(w, markdown, []string{"missed", "kind", "pattern", "entries"})
	for _, g := range groups {
		tab.row([]string{fmt.Sprint(len(g.ids)), g.kind, g.pattern, strings.Join(g.ids, " ")})
	}
	tab.flush()
}

// table writes rows as aligned text or as a markdown table.
type table struct {
	w        io.Writer
	tw       *tabwriter.Writer
	markdown bool
}

func newTable(w io.Writer, markdown bool, header []string) *table {
	t := &table{w: w, markdown: markdown}
	if !markdown {
		t.tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	}
	t.row(header)
	if markdown {
		t.row(slices.Repeat([]string{"---"}, len(header)))
	}
	return t
}

func (t *table) row(cells []string) {
	if t.markdown {
		fmt.Fprintf(t.w, "| %s |\n", strings.Join(cells, " | "))
		return
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() {
	if t.tw != nil {
		t.tw.Flush()
	}
}
