package cache

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A repository behind an interface has no body to read SQL from: what its
// methods do is known only from their names. An interface counts as a data
// source when it has both reading and writing methods; its "table" is the
// interface itself, so a cache filled from Get and a call of Update on the
// same interface meet, in this package or, through Source facts, another.

// RepoPrefix starts the table name of a repository interface.
const RepoPrefix = "repository "

var (
	readVerbs   = []string{"Get", "Find", "Fetch", "Load", "List", "Lookup", "Query", "Read", "Select", "Search"}
	writeVerbs  = []string{"Update", "Delete", "Remove", "Save", "Set", "Put", "Patch", "Upsert", "Modify", "Rename", "Replace", "Store"}
	insertVerbs = []string{"Create", "Insert", "Add"}
)

// repoOp is the source operation of a call through a repository interface,
// nil for any other call.
func repoOp(call *ssa.Call, callee *types.Func, args []ssa.Value) *SourceOp {
	if !call.Call.IsInvoke() {
		return nil
	}
	named, ok := types.Unalias(call.Call.Value.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	iface, ok := named.Underlying().(*types.Interface)
	if !ok || !isRepository(iface) {
		return nil
	}
	table := RepoPrefix + named.Obj().Pkg().Path() + "." + named.Obj().Name()
	op := &SourceOp{Call: call, Callee: callee, KeyArgs: nonContext(args)}
	switch verbOf(callee.Name()) {
	case "read":
		op.Reads = []string{table}
	case "write":
		op.Writes = []string{table}
	case "insert":
		op.Inserts = []string{table}
	default:
		return nil
	}
	return op
}

// RepoName is how a message names a repository table: domain.Users for
// "repository example.com/app/domain.Users"; ok is false for a SQL table.
func RepoName(table string) (string, bool) {
	full, ok := strings.CutPrefix(table, RepoPrefix)
	if !ok {
		return "", false
	}
	if i := strings.LastIndex(full, "/"); i >= 0 {
		full = full[i+1:]
	}
	return full, true
}

// isRepository reports whether an interface has a reading method and a
// writing one: a store of records, not a client of some service.
func isRepository(iface *types.Interface) bool {
	reads, writes := false, false
	for i := range iface.NumMethods() {
		switch verbOf(iface.Method(i).Name()) {
		case "read":
			reads = true
		case "write":
			writes = true
		}
	}
	return reads && writes
}

// verbOf classifies a method name by its leading verb: GetUser reads,
// UpdateUser writes, CreateUser inserts.
func verbOf(name string) string {
	for _, set := range []struct {
		verbs []string
		kind  string
	}{{readVerbs, "read"}, {writeVerbs, "write"}, {insertVerbs, "insert"}} {
		for _, v := range set.verbs {
			if rest, ok := strings.CutPrefix(name, v); ok && (rest == "" || rest[0] >= 'A' && rest[0] <= 'Z') {
				return set.kind
			}
		}
	}
	return ""
}

// nonContext drops context.Context arguments: they are never keys.
func nonContext(args []ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, a := range args {
		if n, ok := types.Unalias(a.Type()).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context" {
			continue
		}
		out = append(out, a)
	}
	return out
}
