package main

import (
	"fmt"
	"io"
	"time"
)

type corpusResult struct {
	corpus  corpus
	samples map[string][]sample
	// sums, when set, replaces the medians: the totals row adds up the
	// medians of every corpus.
	sums map[string]summary
}

func (r corpusResult) summary(step string) (summary, bool) {
	if r.sums != nil {
		s, ok := r.sums[step]
		return s, ok
	}
	xs, ok := r.samples[step]
	if !ok {
		return summary{}, false
	}
	return summarize(xs), true
}

func (r corpusResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n== %s (%s)\n", r.corpus.name, r.corpus.label)
	fmt.Fprintf(w, "%-9s %-52s %9s %9s %8s  %s\n", "step", "", "wall", "cpu", "peak RSS", "exit codes")
	for _, s := range steps {
		sum, ok := r.summary(s.name)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%-9s %-52s %s  %v\n", s.name, s.what, sum, sum.codes)
	}
	for _, line := range r.ratios() {
		fmt.Fprintln(w, line)
	}
}

// ratios are the targets of the project: the suite within 1.3x the load+SSA
// floor, faster than staticcheck and no larger in memory.
func (r corpusResult) ratios() []string {
	var out []string
	ratio := func(label, num, den string) {
		a, ok1 := r.summary(num)
		b, ok2 := r.summary(den)
		if !ok1 || !ok2 || b.wall == 0 || b.cpu == 0 || b.rss == 0 {
			return
		}
		out = append(out, fmt.Sprintf("  %-34s wall %5.2fx  cpu %5.2fx  peak RSS %5.2fx",
			label, div(a.wall, b.wall), div(a.cpu, b.cpu), float64(a.rss)/float64(b.rss)))
	}
	ratio("msvclint / load floor", "msvclint", "load")
	ratio("msvclint / load+SSA floor", "msvclint", "ssa")
	ratio("msvclint / staticcheck (cold)", "msvclint", "sc-cold")
	ratio("go vet cold / staticcheck cold", "vet-cold", "sc-cold")
	ratio("go vet cold / plain go vet cold", "vet-cold", "govet-cold")
	ratio("go vet warm / staticcheck warm", "vet-warm", "sc-warm")
	return out
}

func div(a, b time.Duration) float64 { return float64(a) / float64(b) }

// sumResults adds up the medians of every corpus, step by step; peak RSS is
// the maximum, since the corpora are analyzed one at a time.
func sumResults(rs []corpusResult) corpusResult {
	total := corpusResult{corpus: corpus{name: "total", label: "sum of the medians over all corpora"}, sums: map[string]summary{}}
	for _, r := range rs {
		for _, s := range steps {
			sum, ok := r.summary(s.name)
			if !ok {
				continue
			}
			t := total.sums[s.name]
			t.wall += sum.wall
			t.cpu += sum.cpu
			t.rss = max(t.rss, sum.rss)
			total.sums[s.name] = t
		}
	}
	return total
}

// printMarkdown prints the table the README's Performance section shows.
func printMarkdown(w io.Writer, rs []corpusResult, total corpusResult, reps int) {
	fmt.Fprintf(w, "\n| corpus | load floor | load+SSA floor | msvclint | go vet cold / warm | staticcheck cold / warm | msvclint ÷ SSA floor | msvclint ÷ staticcheck |\n")
	fmt.Fprintf(w, "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range append(rs, total) {
		cell := func(step string) string {
			s, ok := r.summary(step)
			if !ok {
				return "-"
			}
			return fmt.Sprintf("%.1fs (cpu %.1fs), %s", s.wall.Seconds(), s.cpu.Seconds(), mb(s.rss))
		}
		pair := func(cold, warm string) string {
			c, ok1 := r.summary(cold)
			w, ok2 := r.summary(warm)
			if !ok1 || !ok2 {
				return "-"
			}
			return fmt.Sprintf("%.1fs / %.1fs (cpu %.1fs / %.1fs)", c.wall.Seconds(), w.wall.Seconds(), c.cpu.Seconds(), w.cpu.Seconds())
		}
		rat := func(num, den string) string {
			a, ok1 := r.summary(num)
			b, ok2 := r.summary(den)
			if !ok1 || !ok2 || b.wall == 0 || b.cpu == 0 || b.rss == 0 {
				return "-"
			}
			return fmt.Sprintf("cpu %.2fx, wall %.2fx, memory %.2fx", div(a.cpu, b.cpu), div(a.wall, b.wall), float64(a.rss)/float64(b.rss))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.corpus.name,
			cell("load"), cell("ssa"), cell("msvclint"), pair("vet-cold", "vet-warm"), pair("sc-cold", "sc-warm"),
			rat("msvclint", "ssa"), rat("msvclint", "sc-cold"))
	}
	fmt.Fprintf(w, "\nMedians of %d runs: wall time, CPU time (user+system) and the peak RSS of the largest process.\n", reps)
}
