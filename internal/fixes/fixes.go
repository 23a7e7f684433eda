// Package fixes builds the suggested fixes that several analyzers offer:
// wrapping an expression in a standard-library call, with the import it
// needs.
package fixes

import (
	"go/ast"
	"go/token"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Wrap wraps expr, in file, in clone ("slices.Clone", "slices.Clip"), importing the package when
// the file does not; none when the file's Go version predates it.
func Wrap(pass *analysis.Pass, file *ast.File, expr ast.Expr, clone string) []analysis.SuggestedFix {
	if file == nil {
		return nil
	}
	if v := pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.21") < 0 {
		return nil
	}
	pkg, fn, _ := strings.Cut(clone, ".")
	name, edits, ok := importEdits(pass, file, pkg)
	if !ok {
		return nil
	}
	edits = append(edits,
		analysis.TextEdit{Pos: expr.Pos(), End: expr.Pos(), NewText: []byte(name + "." + fn + "(")},
		analysis.TextEdit{Pos: expr.End(), End: expr.End(), NewText: []byte(")")})
	verb := "copy with "
	if fn != "Clone" {
		verb = "wrap in "
	}
	return []analysis.SuggestedFix{{Message: verb + clone, TextEdits: edits}}
}

// CloneFirst makes target (a map-typed expression such as o.Labels) a
// copy of itself before the statement first, with maps.Clone, or with the
// type's own deep Clone method when method is set (http.Header's); none
// when the file's Go version predates maps.
func CloneFirst(pass *analysis.Pass, file *ast.File, first ast.Stmt, target string, method bool) []analysis.SuggestedFix {
	if file == nil || first == nil {
		return nil
	}
	indent := strings.Repeat("\t", pass.Fset.Position(first.Pos()).Column-1)
	var edits []analysis.TextEdit
	clone := target + ".Clone()"
	if !method {
		if v := pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.21") < 0 {
			return nil
		}
		name, imports, ok := importEdits(pass, file, "maps")
		if !ok {
			return nil
		}
		edits, clone = imports, name+".Clone("+target+")"
	}
	edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(target + " = " + clone + "\n" + indent)})
	return []analysis.SuggestedFix{{Message: "copy " + target + " first", TextEdits: edits}}
}

// importEdits returns the name under which file can refer to the standard
// package path, and the edits that import it when it is not imported yet.
func importEdits(pass *analysis.Pass, file *ast.File, path string) (string, []analysis.TextEdit, bool) {
	for _, is := range file.Imports {
		if is.Path.Value == `"`+path+`"` {
			if is.Name == nil {
				return path, nil, true
			}
			if is.Name.Name == "_" || is.Name.Name == "." {
				return "", nil, false
			}
			return is.Name.Name, nil, true
		}
	}
	if obj := pass.Pkg.Scope().Lookup(path); obj != nil {
		return "", nil, false // a package-level name would shadow the import
	}
	spec := `"` + path + `"`
	var decl *ast.GenDecl
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			decl = gd
			break
		}
	}
	if decl == nil {
		return path, []analysis.TextEdit{{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + spec)}}, true
	}
	if !decl.Lparen.IsValid() {
		is := decl.Specs[0].(*ast.ImportSpec)
		old := Source(pass, is)
		if old == "" {
			return "", nil, false
		}
		first, second := spec, old
		if importLess(is.Path.Value, spec) {
			first, second = old, spec
		}
		text := "(\n\t" + first + "\n\t" + second + "\n)"
		return path, []analysis.TextEdit{{Pos: is.Pos(), End: is.End(), NewText: []byte(text)}}, true
	}
	// Insert into the first group, in gofmt's sorted position.
	var last *ast.ImportSpec
	for _, s := range decl.Specs {
		is := s.(*ast.ImportSpec)
		if last != nil && pass.Fset.Position(is.Pos()).Line > pass.Fset.Position(last.End()).Line+1 {
			break // a blank line ends the group
		}
		if importLess(spec, is.Path.Value) {
			start := lineStart(pass, is.Pos())
			return path, []analysis.TextEdit{{Pos: start, End: start, NewText: []byte("\t" + spec + "\n")}}, true
		}
		last = is
	}
	if last == nil {
		return path, []analysis.TextEdit{{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte("\t" + spec + "\n")}}, true
	}
	return path, []analysis.TextEdit{{Pos: last.End(), End: last.End(), NewText: []byte("\n\t" + spec)}}, true
}

func importLess(a, b string) bool { return a < b }

// Source is n's text in the file, or "" when the file cannot be read.
func Source(pass *analysis.Pass, n ast.Node) string {
	tf := pass.Fset.File(n.Pos())
	if pass.ReadFile == nil {
		return ""
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return ""
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

func lineStart(pass *analysis.Pass, pos token.Pos) token.Pos {
	tf := pass.Fset.File(pos)
	return tf.LineStart(tf.Line(pos))
}
