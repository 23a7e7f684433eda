package longtest_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestProfileFlags checks that -cpuprofile and -memprofile write pprof
// profiles (gzipped protocol buffers) before the binary exits: they are how a
// slow check is found on real code.
func TestProfileFlags(t *testing.T) {
	skipShort(t)
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	// -json: findings do not change the exit code.
	runMsvclint(t, dir, "-json", "-cpuprofile", cpu, "-memprofile", mem, "net/http")
	for _, p := range []string{cpu, mem} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s is not a pprof profile: %v", filepath.Base(p), err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || len(body) == 0 {
			t.Fatalf("%s: empty or corrupt profile (%d bytes, %v)", filepath.Base(p), len(body), err)
		}
	}
}
