package syncapi_test

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/msvclint/msvclint/internal/knowledge/goroutines"
	"github.com/msvclint/msvclint/internal/knowledge/limits"
	"github.com/msvclint/msvclint/internal/knowledge/syncapi"
)

// method builds pkg.(*recv).name, as a table entry would meet it.
func method(pkg, recv, name string) *types.Func {
	p := types.NewPackage(pkg, "p")
	tn := types.NewTypeName(token.NoPos, p, recv, nil)
	named := types.NewNamed(tn, types.NewStruct(nil, nil), nil)
	sig := types.NewSignatureType(types.NewVar(token.NoPos, p, "g", types.NewPointer(named)), nil, nil, nil, nil, false)
	return types.NewFunc(token.NoPos, p, name, sig)
}

// TestGroupsAreComplete: a goroutine group is listed once, by its Go (in
// goroutines.Spawners) and its Wait (in limits.Joiners); its Wait is then a
// sync point and the group a type safe to share, with no third table. A
// worker pool (SpawnPool) is no group: it has no Wait to list.
func TestGroupsAreComplete(t *testing.T) {
	for _, s := range goroutines.Spawners {
		if s.Recv == "" || s.Kind == goroutines.SpawnPool {
			continue
		}
		wait := method(s.Pkg, s.Recv, "Wait")
		if !limits.Is(wait, limits.Joiners) {
			t.Errorf("%s starts goroutines but %s.%s has no Wait in limits.Joiners", s.Func, s.Pkg, s.Recv)
			continue
		}
		if !syncapi.IsSyncPoint(wait) {
			t.Errorf("%s is not a sync point", wait.FullName())
		}
		if !syncapi.IsSafeType(wait.Signature().Recv().Type()) {
			t.Errorf("%s.%s is not a type safe to share", s.Pkg, s.Recv)
		}
	}
	if syncapi.IsSafeType(method("example.com/svc", "Group", "Wait").Signature().Recv().Type()) {
		t.Error("an unlisted Group is safe to share")
	}
}
