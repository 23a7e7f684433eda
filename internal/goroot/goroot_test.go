package goroot

import (
	"path/filepath"
	"testing"
)

func TestHolds(t *testing.T) {
	root := filepath.FromSlash("/usr/local/go")
	src := Src(root)
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"/usr/local/go/src/net/http/server.go", true},
		{"/usr/local/go/src/net", true},
		{"/usr/local/go/src", true},
		{"/usr/local/go/srcfoo/x.go", false},
		{"/usr/local/go/pkg/tool", false},
		{"/home/me/svc/main.go", false},
		{"", false},
	} {
		if got := Holds(src, filepath.FromSlash(tc.path)); got != tc.want {
			t.Errorf("Holds(%q, %q) = %v, want %v", src, tc.path, got, tc.want)
		}
	}
	if Holds(Src(""), filepath.FromSlash("/usr/local/go/src/net")) {
		t.Error("an unknown GOROOT holds nothing")
	}
}

func TestOfProcess(t *testing.T) {
	t.Setenv("GOROOT", filepath.FromSlash("/opt/go"))
	if got := OfProcess(); got != filepath.FromSlash("/opt/go") {
		t.Errorf("OfProcess() = %q, want $GOROOT", got)
	}
}
