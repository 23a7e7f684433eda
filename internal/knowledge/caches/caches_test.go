package caches

import (
	"go/types"
	"testing"
)

// named builds the type pkg.name with the given methods (each taking no
// parameter beyond its receiver and returning results).
func named(path, name string, tparams int, methods ...string) *types.Named {
	pkg := types.NewPackage(path, path[len(path)-1:])
	tn := types.NewTypeName(0, pkg, name, nil)
	n := types.NewNamed(tn, types.NewStruct(nil, nil), nil)
	if tparams > 0 {
		var tps []*types.TypeParam
		for range tparams {
			tps = append(tps, types.NewTypeParam(types.NewTypeName(0, pkg, "T", nil), types.Universe.Lookup("any").Type()))
		}
		n.SetTypeParams(tps)
	}
	for _, m := range methods {
		recv := types.NewVar(0, pkg, "r", types.NewPointer(n))
		sig := types.NewSignatureType(recv, nil, nil, nil, nil, false)
		n.AddMethod(types.NewFunc(0, pkg, m, sig))
	}
	return n
}

func method(n *types.Named, name string) *types.Func {
	for i := range n.NumMethods() {
		if n.Method(i).Name() == name {
			return n.Method(i)
		}
	}
	return nil
}

func TestLookupMethodNewKinds(t *testing.T) {
	tests := []struct {
		path, name, method string
		op                 Op
	}{
		{"golang.org/x/sync/singleflight", "Group", "Do", OpGet},
		{"golang.org/x/sync/singleflight", "Group", "DoChan", OpGetChan},
		{"golang.org/x/sync/singleflight", "Group", "Forget", OpDelete},
		{"github.com/jellydator/ttlcache/v3", "Cache", "Get", OpGet},
		{"github.com/jellydator/ttlcache/v3", "Cache", "Set", OpSet},
		{"github.com/jellydator/ttlcache/v3", "Cache", "Delete", OpDelete},
		{"github.com/jellydator/ttlcache/v3", "Cache", "DeleteAll", OpPurge},
	}
	for _, tt := range tests {
		n := named(tt.path, tt.name, 0, tt.method)
		_, m, ok := LookupMethod(method(n, tt.method))
		if !ok || m.Op != tt.op {
			t.Errorf("LookupMethod(%s.%s.%s) = %v, %v; want op %v", tt.path, tt.name, tt.method, m, ok, tt.op)
		}
	}
	if _, _, ok := LookupMethod(method(named("golang.org/x/sync/errgroup", "Group", 0, "Go"), "Go")); ok {
		t.Error("errgroup.Group.Go is not a cache method")
	}
}

func TestEntryValue(t *testing.T) {
	item := named("github.com/jellydator/ttlcache/v3", "Item", 2, "Value", "Key")
	if !IsEntryValue(method(item, "Value")) {
		t.Error("ttlcache (*Item).Value returns the stored value")
	}
	if IsEntryValue(method(item, "Key")) {
		t.Error("ttlcache (*Item).Key is not the stored value")
	}
	if IsEntryValue(method(named("example.com/other", "Item", 0, "Value"), "Value")) {
		t.Error("an Item of another package is not ttlcache's")
	}
}

func TestSnapshotType(t *testing.T) {
	for _, tt := range []struct {
		t    types.Type
		want bool
	}{
		{named("sync/atomic", "Value", 0), true},
		{types.NewPointer(named("sync/atomic", "Value", 0)), true},
		{named("sync/atomic", "Pointer", 1), true},
		{named("sync/atomic", "Int64", 0), false},
		{named("sync", "Map", 0), false},
		{types.Typ[types.Int], false},
	} {
		if got := IsSnapshotType(tt.t); got != tt.want {
			t.Errorf("IsSnapshotType(%s) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

// TestCacheTypesUnique: LookupType returns the first match, so a second
// entry for the same type would be dead.
func TestCacheTypesUnique(t *testing.T) {
	seen := map[[2]string]bool{}
	for _, ct := range CacheTypes {
		k := [2]string{ct.Pkg, ct.Name}
		if seen[k] {
			t.Errorf("%s.%s is listed twice", ct.Pkg, ct.Name)
		}
		seen[k] = true
		gets := false
		for _, m := range ct.Methods {
			gets = gets || m.Op == OpGet
		}
		if !gets {
			t.Errorf("%s.%s has no OpGet method: nothing would flow out of it", ct.Pkg, ct.Name)
		}
	}
}
