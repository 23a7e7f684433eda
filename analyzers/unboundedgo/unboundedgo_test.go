package unboundedgo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/unboundedgo"
	"github.com/msvclint/msvclint/internal/testcorpus"
)

func testdata() string {
	return testcorpus.Dir()
}

func TestLeak(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/leak")
}

func TestSpawn(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/spawn")
}

func TestForget(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/forget")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), unboundedgo.Analyzer, "unboundedgo/fix")
}

func TestDeadlock(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/deadlock")
}

// TestAcceptFacts checks that the caller that makes a listener answers for
// the goroutines another package's server starts per connection.
func TestAcceptFacts(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/acceptsrv", "unboundedgo/acceptuser")
}

// TestForeverFacts checks that a handler calling another package's function
// that starts a goroutine with no way out on every call is reported.
func TestForeverFacts(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/watchlib", "unboundedgo/watchuser")
}

// TestHookFacts checks that a function stored in another package's hook
// variable that takes the lock the hook's caller holds is reported.
func TestHookFacts(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/hooklib", "unboundedgo/hookuser")
}

// TestEarlyRelease: a slot given back right after the go statement, with
// the fix that defers it in the goroutine; not a slot given back by the
// goroutine or after waiting for it, a channel used as a lock elsewhere, or
// a channel the goroutine uses.
func TestEarlyRelease(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), unboundedgo.Analyzer, "unboundedgo/earlyrelease")
}

// TestDeadLimit: goroutines per item whose only bound is a limiter field
// nothing sets; not one a constructor sets, an exported one, or a loop
// bounded another way too.
func TestDeadLimit(t *testing.T) {
	analysistest.Run(t, testdata(), unboundedgo.Analyzer, "unboundedgo/deadlimit")
}
