package mutablecache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/mutablecache"
	"github.com/msvclint/msvclint/internal/testcorpus"
)

var testdata = testcorpus.Dir()

func TestReturnedAlias(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/returned")
}

func TestStoredAlias(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/stored")
}

// TestAcrossPackages: the repository, the caching service and the handlers
// that use it are three packages connected only by facts.
func TestAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/repo", "mutablecache/usercache", "mutablecache/handlers")
}

// TestRequestScope: values kept on a request's context (gin's Get and Set,
// filled lazily behind a mutex) look like a cache but live for one request.
func TestRequestScope(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/requestscope")
}

func TestMutation(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/mutation")
}

func TestStale(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/stale")
}

func TestUnbounded(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/unbounded")
}

func TestUnsynchronized(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/unsynchronized")
}

func TestFilledThroughMethods(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/methods")
}

func TestReturnedStore(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/store")
}

// TestCloneFlag: a helper that copies only when its boolean parameter is
// true returns cached data to callers that pass false, in its package and,
// through its fact, in another; callers that pass true get a copy.
func TestCloneFlag(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/cloneflag/shard", "mutablecache/cloneflag/front")
}

// TestSharedAppend: appends onto long-lived slices the package grows by
// append, next to the growth idiom, clipped copies, slices set whole and
// objects of the function's own.
func TestSharedAppend(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/sharedappend")
}

// TestMutatedDefault: fields set on http.DefaultTransport and
// http.DefaultClient, directly and through an option's default, beside
// clones, caller-supplied transports and new ones.
func TestMutatedDefault(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/mutateddefault")
}

// TestRepositoryInterface: a cache filled through a repository interface
// goes stale when the package writes through the same interface, directly
// or through another package's helper (by its fact), without dropping the
// entry.
func TestRepositoryInterface(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/repoiface/service")
}

// TestPartialKey: caches keyed by some fields of a configuration whose
// entries are built from more of them, beside complete keys.
func TestPartialKey(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/partialkey")
}

// TestShallowClone: a Clone that copies a map but shares its slice or map
// values, beside clones that copy each value, values without references,
// copies documented as shallow and functions that promise no copy.
func TestShallowClone(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/shallowclone")
}

// TestSharedReorder: sorting (or attribute.NewSet) on a slice another
// object keeps, beside copies, fresh arrays, slices kept once and the
// owner's own methods.
func TestSharedReorder(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/sharedreorder")
}

// TestFillFirst: a read-through cache filled before the backing store's
// write, whose error the method returns; not after the write succeeded,
// a whole cache dropped before a delete, or a record that no read serves.
func TestFillFirst(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/fillfirst")
}
