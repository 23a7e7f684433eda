package caches

import (
	"go/types"
	"strings"
	"unicode"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// SourceAPI is a method that runs a query string against a database.
type SourceAPI struct {
	typesutil.Func
	Query int // index of the query argument
	Args  int // index of the first query parameter (variadic or single)
}

// SourceAPIs lists the database methods whose SQL verb decides whether they
// read or write. Prepared statements are absent: their query is elsewhere.
var SourceAPIs = sqlAPIs()

func sqlAPIs() []SourceAPI {
	var out []SourceAPI
	add := func(pkg string, recvs []string, name string, q, a int) {
		for _, r := range recvs {
			out = append(out, SourceAPI{typesutil.Func{Pkg: pkg, Recv: r, Name: name}, q, a})
		}
	}
	std := []string{"DB", "Tx", "Conn"}
	for _, m := range []string{"Query", "QueryRow", "Exec"} {
		add("database/sql", std, m, 0, 1)
		add("database/sql", std, m+"Context", 1, 2)
	}
	sx := []string{"DB", "Tx"}
	for _, m := range []string{"Queryx", "QueryRowx", "MustExec", "NamedExec", "Query", "QueryRow", "Exec"} {
		add("github.com/jmoiron/sqlx", sx, m, 0, 1)
		add("github.com/jmoiron/sqlx", sx, m+"Context", 1, 2)
	}
	for _, m := range []string{"Get", "Select"} {
		add("github.com/jmoiron/sqlx", sx, m, 1, 2)
		add("github.com/jmoiron/sqlx", sx, m+"Context", 2, 3)
	}
	gz := []string{"SqlConn", "Session"}
	add("github.com/zeromicro/go-zero/core/stores/sqlx", gz, "Exec", 0, 1)
	add("github.com/zeromicro/go-zero/core/stores/sqlx", gz, "ExecCtx", 1, 2)
	for _, m := range []string{"QueryRow", "QueryRowPartial", "QueryRows", "QueryRowsPartial"} {
		add("github.com/zeromicro/go-zero/core/stores/sqlx", gz, m, 1, 2)
		add("github.com/zeromicro/go-zero/core/stores/sqlx", gz, m+"Ctx", 2, 3)
	}
	return out
}

// LookupSource returns the entry for a database method, if any.
func LookupSource(fn *types.Func) (SourceAPI, bool) {
	for _, s := range SourceAPIs {
		if s.Match(fn) {
			return s, true
		}
	}
	return SourceAPI{}, false
}

// Verb is what a SQL statement does to its table.
type Verb int

// The SQL verbs that matter to a cache.
const (
	VerbUnknown Verb = iota
	VerbRead
	VerbWrite  // UPDATE, DELETE: existing rows change
	VerbInsert // INSERT, REPLACE, UPSERT: rows appear
)

// ParseSQL returns what a SQL statement does and the table it does it to, or
// VerbUnknown when the statement is not one it can read with certainty.
func ParseSQL(q string) (Verb, string) {
	toks := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return unicode.IsSpace(r) || r == '(' || r == ')' || r == ',' || r == ';'
	})
	if len(toks) < 2 {
		return VerbUnknown, ""
	}
	switch toks[0] {
	case "select":
		return VerbRead, after(toks, "from")
	case "update":
		return VerbWrite, table(toks[1])
	case "delete":
		return VerbWrite, after(toks, "from")
	case "insert", "replace", "upsert":
		return VerbInsert, after(toks, "into")
	}
	return VerbUnknown, ""
}

func after(toks []string, kw string) string {
	for i, t := range toks[:len(toks)-1] {
		if t == kw {
			return table(toks[i+1])
		}
	}
	return ""
}

// table normalizes a table reference: no quotes, no schema prefix. A
// placeholder or an expression is not a table.
func table(t string) string {
	t = strings.Trim(t, "`\"[]")
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = strings.Trim(t[i+1:], "`\"[]")
	}
	for _, r := range t {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return ""
		}
	}
	return t
}

// RequestTypes are the parameter types that carry an incoming request: a
// value derived from one is chosen by the client.
var RequestTypes = [][2]string{
	{"net/http", "Request"},
	{"github.com/gin-gonic/gin", "Context"},
	{"github.com/labstack/echo/v4", "Context"},
	{"github.com/gofiber/fiber/v2", "Ctx"},
}

// IsRequest reports whether t (or *t) is a request type, or a protobuf
// message (a gRPC request).
func IsRequest(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	for _, r := range RequestTypes {
		if n.Obj().Pkg().Path() == r[0] && n.Obj().Name() == r[1] {
			return true
		}
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, n.Obj().Pkg(), "ProtoReflect")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	res := fn.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return false
	}
	rn, ok := types.Unalias(res.At(0).Type()).(*types.Named)
	return ok && rn.Obj().Pkg() != nil && rn.Obj().Pkg().Path() == "google.golang.org/protobuf/reflect/protoreflect"
}
