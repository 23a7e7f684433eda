package driver

import (
	"fmt"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// factStore holds the facts of every package analyzed so far. A package
// sees only the facts of its own dependencies (see node.dependencies), as it
// would under go vet, whatever else ran in parallel.
type factStore struct {
	mu   sync.RWMutex
	objs map[objectKey]analysis.Fact
	pkgs map[packageKey]analysis.Fact
}

type objectKey struct {
	obj types.Object
	typ reflect.Type
}

type packageKey struct {
	pkg *types.Package
	typ reflect.Type
}

func newFactStore() *factStore {
	return &factStore{objs: map[objectKey]analysis.Fact{}, pkgs: map[packageKey]analysis.Fact{}}
}

// bind gives pass the fact functions of analyzer a on node n.
func (s *factStore) bind(pass *analysis.Pass, n *node) {
	a := pass.Analyzer
	declared := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		declared[reflect.TypeOf(f)] = true
	}
	mustDeclare := func(f analysis.Fact) reflect.Type {
		t := reflect.TypeOf(f)
		if !declared[t] {
			panic(fmt.Sprintf("%s: fact type %s is not in its FactTypes", a.Name, t))
		}
		return t
	}
	pass.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
		if obj == nil {
			return false
		}
		s.mu.RLock()
		got, ok := s.objs[objectKey{obj, mustDeclare(fact)}]
		s.mu.RUnlock()
		return fill(fact, got, ok)
	}
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if obj.Pkg() != pass.Pkg {
			panic(fmt.Sprintf("%s: fact %T for %s, which is not in package %s", a.Name, fact, obj, pass.Pkg.Path()))
		}
		s.mu.Lock()
		s.objs[objectKey{obj, mustDeclare(fact)}] = fact
		s.mu.Unlock()
	}
	pass.ImportPackageFact = func(pkg *types.Package, fact analysis.Fact) bool {
		s.mu.RLock()
		got, ok := s.pkgs[packageKey{pkg, mustDeclare(fact)}]
		s.mu.RUnlock()
		return fill(fact, got, ok)
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		s.mu.Lock()
		s.pkgs[packageKey{pass.Pkg, mustDeclare(fact)}] = fact
		s.mu.Unlock()
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		deps := n.dependencies()
		var out []analysis.ObjectFact
		s.mu.RLock()
		defer s.mu.RUnlock()
		for k, f := range s.objs {
			if declared[k.typ] && deps[k.obj.Pkg()] {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
		}
		return out
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		deps := n.dependencies()
		var out []analysis.PackageFact
		s.mu.RLock()
		defer s.mu.RUnlock()
		for k, f := range s.pkgs {
			if declared[k.typ] && deps[k.pkg] {
				out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
			}
		}
		return out
	}
}

// fill copies a stored fact into the caller's, as the Import functions
// promise, so that the caller cannot change the stored one.
func fill(dst, stored analysis.Fact, ok bool) bool {
	if ok {
		reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(stored).Elem())
	}
	return ok
}
