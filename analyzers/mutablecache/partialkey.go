package mutablecache

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/msvclint/msvclint/internal/ssautil"
	"github.com/msvclint/msvclint/passes/cache"
)

// A cache keyed by several fields of a parameter (host and port of a config)
// whose entry is built from more of them (the config's TLS settings too)
// hands the entry made for one value to every value that agrees on the key
// fields only: the key is a fingerprint that misses a field.

// fieldUse is a field read from one base value.
type fieldUse struct {
	base  ssa.Value
	field *types.Var
}

// partialKeys reports such fills.
func (c *checker) partialKeys() {
	for _, s := range c.cache.Storages {
		if !s.Cache {
			continue
		}
		for _, a := range s.Accesses {
			if a.Op != cache.OpWrite || a.Key == nil || a.Value == nil || c.file(a.Pos()) == nil {
				continue
			}
			c.partialKey(a)
		}
	}
}

func (c *checker) partialKey(a *cache.Access) {
	keyed := fieldsIn(a.Key, 0)
	if len(keyed) == 0 {
		return
	}
	base := keyed[0].base
	for _, u := range keyed {
		if u.base != base {
			return // a key from several values
		}
	}
	p, ok := base.(*ssa.Parameter)
	if !ok || isReceiver(p) || distinctFields(keyed) < 2 {
		return // one field is an identity (an ID, a name), not a fingerprint
	}
	used, builder := c.valueFields(a.Value, p)
	var missing []string
	for _, f := range used {
		if !slices.ContainsFunc(keyed, func(u fieldUse) bool { return u.field == f }) {
			missing = append(missing, p.Name()+"."+f.Name())
		}
	}
	if len(missing) == 0 {
		return
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	var names []string
	for _, u := range keyed {
		names = append(names, p.Name()+"."+u.field.Name())
	}
	slices.Sort(names)
	names = slices.Compact(names)
	c.pass.Report(analysis.Diagnostic{
		Pos: a.Pos(), Category: CategoryPartialKey,
		Message: fmt.Sprintf("cache %s is keyed by %s, but %s builds the entry from %s too, which the key leaves out: values that differ only there get the entry made for another; add %s to the key",
			a.Storage.Name(), strings.Join(names, " and "), builder, strings.Join(missing, ", "), strings.Join(missing, ", ")),
		Related: []analysis.RelatedInformation{storageDecl(a.Storage)},
	})
}

func isReceiver(p *ssa.Parameter) bool {
	fn := p.Parent()
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p
}

func distinctFields(us []fieldUse) int {
	seen := map[*types.Var]bool{}
	for _, u := range us {
		seen[u.field] = true
	}
	return len(seen)
}

// fieldsIn collects the fields of parameters a key is computed from:
// loads of their fields, through conversions, arithmetic and string
// building (fmt.Sprint*, strconv, strings.Join), struct keys built in place.
func fieldsIn(v ssa.Value, depth int) []fieldUse {
	if depth > maxKeyDepth {
		return nil
	}
	switch v := ssautil.Unwrap(v).(type) {
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok && v.Op == token.MUL {
			if p := ssautil.ParamRoot(fa.X); p != nil && fa.X == ssa.Value(p) {
				return []fieldUse{{p, ssautil.FieldOf(fa)}}
			}
			return nil
		}
		if v.Op == token.MUL {
			return nil
		}
		return fieldsIn(v.X, depth+1)
	case *ssa.Field:
		if p, ok := v.X.(*ssa.Parameter); ok {
			return []fieldUse{{p, ssautil.FieldOf(v)}}
		}
	case *ssa.BinOp:
		return append(fieldsIn(v.X, depth+1), fieldsIn(v.Y, depth+1)...)
	case *ssa.Convert:
		return fieldsIn(v.X, depth+1)
	case *ssa.Call:
		if !keyBuilder(v) {
			return nil
		}
		var out []fieldUse
		for _, arg := range cache.KeyArgs(v) {
			out = append(out, fieldsIn(arg, depth+callSteps)...)
		}
		return out
	}
	return nil
}

// keyBuilder reports whether call only formats its arguments into a key.
func keyBuilder(call *ssa.Call) bool {
	fn := ssautil.Callee(&call.Call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt":
		return strings.HasPrefix(fn.Name(), "Sprint")
	case "strconv":
		return strings.HasPrefix(fn.Name(), "Itoa") || strings.HasPrefix(fn.Name(), "Format")
	case "strings":
		return fn.Name() == "Join"
	}
	return false
}

// valueFields is what the cached value is built from, among p's fields:
// the fields a function of the package called with p reads of it, and the
// name of that function.
func (c *checker) valueFields(v ssa.Value, p *ssa.Parameter) ([]*types.Var, string) {
	call, ok := ssautil.Unwrap(v).(*ssa.Call)
	if !ok {
		return nil, ""
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != c.ssa.Pkg || len(callee.Blocks) == 0 {
		return nil, ""
	}
	for i, arg := range call.Call.Args {
		if arg == ssa.Value(p) && i < len(callee.Params) {
			return readFields(callee.Params[i], 0), funcName(callee)
		}
	}
	return nil, ""
}

// readFields lists the fields fn reads of its parameter p, also through
// the package's functions it passes p to.
func readFields(p *ssa.Parameter, depth int) []*types.Var {
	var out []*types.Var
	for _, ref := range *p.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr:
			out = append(out, ssautil.FieldOf(ref))
		case *ssa.Field:
			out = append(out, ssautil.FieldOf(ref))
		case *ssa.Call:
			callee := ref.Call.StaticCallee()
			if callee == nil || len(callee.Blocks) == 0 || depth >= 2 || callee.Pkg != p.Parent().Pkg {
				continue
			}
			for i, arg := range ref.Call.Args {
				if arg == ssa.Value(p) && i < len(callee.Params) {
					out = append(out, readFields(callee.Params[i], depth+1)...)
				}
			}
		}
	}
	return out
}
