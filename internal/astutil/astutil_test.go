package astutil

import (
	"go/parser"
	"testing"
)

func TestShortExpr(t *testing.T) {
	for src, want := range map[string]string{
		"s.cache.mu":  "s.cache.mu",
		"(*p).items":  "p.items",
		"((s)).mu":    "s.mu",
		"f().mu":      "?.mu",
		"m[k]":        "?",
		"x":           "x",
		"(*s.conn).n": "s.conn.n",
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := ShortExpr(e, "?"); got != want {
			t.Errorf("ShortExpr(%s) = %q, want %q", src, got, want)
		}
	}
}
