package output

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// GitHub writes findings as GitHub Actions workflow commands, which the
// runner turns into annotations on the pull request's changed lines. Paths
// are relative to root, the checkout the workflow runs in.
func GitHub(w io.Writer, rep *Report, root string) error {
	for _, f := range rep.Findings {
		file := filepath.ToSlash(Rel(root, f.Start.Filename))
		title := "msvclint " + f.Check
		if f.Category != "" {
			title += " (" + f.Category + ")"
		}
		props := []string{
			"file=" + escapeProperty(file),
			fmt.Sprintf("line=%d", f.Start.Line),
			fmt.Sprintf("col=%d", f.Start.Column),
		}
		if f.End.Line > 0 {
			props = append(props, fmt.Sprintf("endLine=%d", f.End.Line), fmt.Sprintf("endColumn=%d", f.End.Column))
		}
		props = append(props, "title="+escapeProperty(title))
		if _, err := fmt.Fprintf(w, "::warning %s::%s\n", strings.Join(props, ","), escapeData(f.Message)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a workflow command's message as the runner decodes it.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, where ':' and ',' also delimit.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
