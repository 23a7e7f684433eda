package fingerprint_test

import (
	"bytes"
	"encoding/gob"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/analysis/analysistest"

	fp "github.com/msvclint/msvclint/internal/recipe"
	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/fingerprint"
)

func testdata(t *testing.T) string {
	return testcorpus.Dir()
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(t), fingerprint.Analyzer, "diboilerplate/facts/platform", "diboilerplate/facts/cmd/api")
}

// TestImportedFacts checks that a package sees the recipes of the packages it
// imports, providers included, with positions as plain data.
func TestImportedFacts(t *testing.T) {
	results := analysistest.Run(t, testdata(t), fingerprint.Analyzer, "diboilerplate/facts/cmd/api")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	res := results[0].Result.(*fingerprint.Result)
	var got []string
	for _, b := range res.ImportedBlocks {
		got = append(got, fp.ShortFunc(b.Anchor)+" by "+fp.ShortFunc(b.Provider)+" in "+filepath.Base(b.Place.File))
		if b.At.IsValid() {
			t.Errorf("imported block carries a token.Pos of another process: %v", b.At)
		}
	}
	want := []string{"sql.Open by platform.OpenDB in platform.go", "http.Server by  in platform.go"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("imported blocks (-want +got):\n%s", diff)
	}
	if len(res.Blocks) != 1 || len(res.Blocks[0].Steps) != 4 {
		t.Fatalf("own blocks = %+v, want the one sql.Open recipe with 4 steps", res.Blocks)
	}
}

// TestFactEncodes checks the fact survives gob, as go vet ships it between
// processes.
func TestFactEncodes(t *testing.T) {
	in := &fingerprint.Fact{
		Module: "example.com/shop",
		Blocks: []fp.Block{{Kind: "database pool", Anchor: "database/sql.Open", Place: fp.Place{File: "/m/p.go", Line: 3, Pkg: "example.com/shop/platform", Func: "example.com/shop/platform.OpenDB"}, Provider: "example.com/shop/platform.OpenDB",
			Steps: []fp.Step{{Label: "(*database/sql.DB).Ping", Name: "Ping", Shape: "v0.Ping()", Exact: "v0.Ping()", Value: "db.Ping()"}}}},
		Ctors: []fp.Ctor{{Name: "example.com/shop/platform.NewDeps", Params: []string{"*database/sql.DB"}, Place: fp.Place{File: "/m/p.go"}}},
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(fingerprint.Fact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("fact changed through gob (-in +out):\n%s", diff)
	}
}
