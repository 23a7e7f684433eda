package caches

import "testing"

func TestParseSQL(t *testing.T) {
	tests := []struct {
		q     string
		verb  Verb
		table string
	}{
		{"SELECT id, name FROM users WHERE id = $1", VerbRead, "users"},
		{"select count(*) from public.orders", VerbRead, "orders"},
		{"UPDATE `users` SET name = ? WHERE id = ?", VerbWrite, "users"},
		{`DELETE FROM "users" WHERE id = $1`, VerbWrite, "users"},
		{"INSERT INTO audit_log (user_id) VALUES ($1)", VerbInsert, "audit_log"},
		{"REPLACE INTO kv(k, v) VALUES (?, ?)", VerbInsert, "kv"},
		{"SELECT 1", VerbRead, ""},
		{"UPDATE %s SET x = 1", VerbWrite, ""},
		{"WITH t AS (SELECT 1) SELECT * FROM t", VerbUnknown, ""},
		{"", VerbUnknown, ""},
	}
	for _, tt := range tests {
		verb, table := ParseSQL(tt.q)
		if verb != tt.verb || table != tt.table {
			t.Errorf("ParseSQL(%q) = %v, %q; want %v, %q", tt.q, verb, table, tt.verb, tt.table)
		}
	}
}

func FuzzParseSQL(f *testing.F) {
	f.Add("SELECT a FROM b")
	f.Add("delete from")
	f.Fuzz(func(t *testing.T, q string) {
		ParseSQL(q) // must not panic
	})
}
