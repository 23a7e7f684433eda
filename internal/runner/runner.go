// Package runner wraps a check's run function with the behaviour every msvclint
// check shares in every driver (go vet, standalone, golangci-lint, nogo,
// analysistest): //msvclint:ignore suppression, findings about bad or unused
// directives, and recovery from the check's own panics.
//
// Doing this inside the analyzer rather than in the driver is deliberate: the
// drivers we run under are not ours, and only the analyzer is always there.
package runner

import (
	"fmt"
	"go/ast"
	"go/token"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/msvclint/msvclint/internal/directive"
)

// CategoryDirective is the category of findings about directives themselves.
const CategoryDirective = "directive"

// Run is the signature of analysis.Analyzer.Run.
type Run func(*analysis.Pass) (any, error)

// Wrap returns run with suppression and panic recovery around it.
func Wrap(run Run) Run {
	return WrapProbe(func(pass *analysis.Pass, _ Probe) (any, error) { return run(pass) })
}

// Recover returns run with panic recovery alone, for the passes: they report
// nothing, so there is nothing for a directive to suppress.
func Recover(run Run) Run {
	return func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = panicError(pass, r, debug.Stack())
			}
		}()
		return run(pass)
	}
}

// Probe reports whether a directive suppresses d, and marks that directive
// used. It serves a check whose findings are made after its run, outside the
// pass: diboilerplate's copies across packages that do not import each
// other, which the standalone driver compares once every package is done.
type Probe func(d analysis.Diagnostic) bool

// WrapProbe is Wrap for a run that also asks, with a Probe, whether findings
// it does not report itself would be suppressed.
func WrapProbe(run func(*analysis.Pass, Probe) (any, error)) Run {
	return func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = panicError(pass, r, debug.Stack())
			}
		}()
		ignores := collect(pass)
		report := pass.Report
		own := ownFiles(pass)
		pass.Report = func(d analysis.Diagnostic) {
			if !ignores.suppress(pass.Fset, d) {
				report(portable(pass.Fset, own, d))
			}
		}
		defer func() { pass.Report = report }()
		probe := func(d analysis.Diagnostic) bool { return ignores.suppress(pass.Fset, d) }
		result, err = run(pass, probe)
		if err == nil {
			ignores.reportProblems(pass, report)
		}
		return result, err
	}
}

// ownFiles is the set of files the pass analyzes.
func ownFiles(pass *analysis.Pass) map[*token.File]bool {
	own := make(map[*token.File]bool, len(pass.Files))
	for _, f := range pass.Files {
		own[pass.Fset.File(f.FileStart)] = true
	}
	return own
}

// portable moves a related position in another package to the start of its
// line. Under go vet that package comes from export data, which keeps lines
// but not columns, so only the line start is the same in every driver.
func portable(fset *token.FileSet, own map[*token.File]bool, d analysis.Diagnostic) analysis.Diagnostic {
	var rel []analysis.RelatedInformation
	for i, r := range d.Related {
		tf := fset.File(r.Pos)
		if tf == nil || own[tf] {
			continue
		}
		if rel == nil {
			rel = append([]analysis.RelatedInformation(nil), d.Related...)
		}
		rel[i].Pos = tf.LineStart(tf.Line(r.Pos))
		rel[i].End = token.NoPos
	}
	if rel != nil {
		d.Related = rel
	}
	return d
}

// panicError turns a panic into an error that names the check, the package and
// the check's own frame, so one broken check never hides the others' findings.
func panicError(pass *analysis.Pass, r any, stack []byte) error {
	return fmt.Errorf("internal error in %s on package %s: %v (at %s); please report this with the package that triggers it",
		pass.Analyzer.Name, pass.Pkg.Path(), r, culprit(stack))
}

// culprit finds the source line that panicked: the first frame after the
// runtime's panic frame, skipping the runtime's own frames (nil map writes,
// index errors) that sit between.
func culprit(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	seenPanic := false
	for _, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			seenPanic = true
			continue
		}
		if !seenPanic || !strings.HasPrefix(l, "\t") || strings.Contains(l, "/src/runtime/") {
			continue
		}
		loc := strings.TrimSpace(l)
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		return loc
	}
	return "unknown location"
}

type ignore struct {
	d       directive.Directive
	check   string // the analyzer the directive was collected for
	comment *ast.Comment
	file    string
	line    int
	alone   bool // the comment is the only thing on its line
	used    bool
}

type ignores []*ignore

func collect(pass *analysis.Pass) ignores {
	var out ignores
	name := pass.Analyzer.Name
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, directive.Prefix) {
					continue
				}
				d, ok := directive.Parse(c.Text)
				if !ok || !d.Names(name) {
					continue
				}
				p := pass.Fset.Position(c.Slash)
				out = append(out, &ignore{d: d, check: name, comment: c, file: p.Filename, line: p.Line, alone: aloneOnLine(pass, f, c)})
			}
		}
	}
	return out
}

// suppress marks and reports whether a directive covers pos: one on the same
// line, or one standing alone on the line above.
func (ig ignores) suppress(fset *token.FileSet, d analysis.Diagnostic) bool {
	if len(ig) == 0 || !d.Pos.IsValid() {
		return false
	}
	p := fset.Position(d.Pos)
	hit := false
	for _, i := range ig {
		if i.file == p.Filename && (i.line == p.Line || i.alone && i.line == p.Line-1) && i.d.Covers(i.check, d.Category) {
			i.used = true
			hit = true
		}
	}
	return hit
}

func (ig ignores) reportProblems(pass *analysis.Pass, report func(analysis.Diagnostic)) {
	name := pass.Analyzer.Name
	for _, i := range ig {
		switch {
		case i.d.Text == "":
			report(analysis.Diagnostic{
				Pos:      i.comment.Slash,
				End:      i.comment.End(),
				Category: CategoryDirective,
				Message:  fmt.Sprintf("//msvclint:ignore %s has no reason; a suppression without one cannot be reviewed later, so add why the finding is safe after the check name", name),
			})
		case !i.used && !namesAll(i.d):
			report(unused(pass, i))
		}
	}
}

// unused reports a directive that suppressed nothing. A directive naming
// several checks gets no fix: each named check would rewrite the same comment
// and the fixes would conflict under -fix.
func unused(pass *analysis.Pass, i *ignore) analysis.Diagnostic {
	name := pass.Analyzer.Name
	d := analysis.Diagnostic{
		Pos:      i.comment.Slash,
		End:      i.comment.End(),
		Category: CategoryDirective,
		Message:  fmt.Sprintf("//msvclint:ignore %s suppresses no finding; a stale suppression would hide a future one, so remove it", name),
	}
	if len(i.d.Args) > 1 {
		d.Message = fmt.Sprintf("//msvclint:ignore names %s but suppresses no %s finding; a stale suppression would hide a future one, so remove %s from it", name, name, name)
		return d
	}
	d.SuggestedFixes = []analysis.SuggestedFix{{
		Message:   "remove the unused directive",
		TextEdits: []analysis.TextEdit{removal(pass, i)},
	}}
	return d
}

// namesAll reports whether the directive is "ignore all": it cannot be called
// unused by one check when another check may be the one it silences.
func namesAll(d directive.Directive) bool {
	for _, a := range d.Args {
		if a == "all" {
			return true
		}
	}
	return false
}

// removal deletes a directive: the whole line when it stands alone, otherwise
// the comment and the blanks before it.
func removal(pass *analysis.Pass, i *ignore) analysis.TextEdit {
	tf := pass.Fset.File(i.comment.Slash)
	if i.alone {
		start := tf.LineStart(i.line)
		end := token.Pos(tf.Base() + tf.Size())
		if i.line < tf.LineCount() {
			end = tf.LineStart(i.line + 1)
		}
		return analysis.TextEdit{Pos: start, End: end}
	}
	src := fileContent(pass, tf)
	if src == nil {
		return analysis.TextEdit{Pos: i.comment.Slash, End: i.comment.End()}
	}
	start := tf.Offset(i.comment.Slash)
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	return analysis.TextEdit{Pos: tf.Pos(start), End: i.comment.End()}
}

// aloneOnLine reports whether nothing but blanks precedes c on its line. It
// asks the syntax tree rather than the file on disk, because an editor may be
// analyzing an unsaved buffer that differs from the file.
func aloneOnLine(pass *analysis.Pass, f *ast.File, c *ast.Comment) bool {
	tf := pass.Fset.File(c.Slash)
	line := tf.Line(c.Slash)
	before := func(end token.Pos) bool { return end <= c.Slash && tf.Line(end) == line }
	for _, cg := range f.Comments {
		for _, other := range cg.List {
			if before(other.End()) {
				return false
			}
		}
	}
	alone := true
	ast.Inspect(f, func(n ast.Node) bool {
		if !alone || n == nil || n.Pos() > c.Slash {
			return false
		}
		if before(n.End()) {
			alone = false
		}
		return true
	})
	return alone
}

func fileContent(pass *analysis.Pass, tf *token.File) []byte {
	if pass.ReadFile == nil {
		return nil
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	return src
}
