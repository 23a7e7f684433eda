package datarace_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/datarace"
	"github.com/msvclint/msvclint/internal/testcorpus"
)

func testdata(t testing.TB) string {
	return testcorpus.Dir()
}

func TestCaptured(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/captured")
}

func TestLoopVar(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/loopvar")
}

func TestWaitGroup(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/waitgroup")
}

func TestEntryPoints(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/entry/orders")
}

func TestGuarded(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/guarded/sessions", "datarace/guarded/gateway")
}

func TestParallelTests(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/paralleltest")
}

func TestClasses(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/classes")
}

// TestUnsafeObjects: objects documented as not safe for concurrent use,
// shared by code that runs at once; the look-alikes are locked, fresh, or
// belong to a type with no mutex.
func TestUnsafeObjects(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/unsafeobj")
}

// TestLazyInit: package variables filled on first use by code that runs
// beside itself, next to ones filled under sync.Once or a lock, or by setup
// API.
func TestLazyInit(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/lazyinit")
}

// TestReplacedChannels: a run method that makes the channel its stop
// method closes, next to channels made at construction or swapped under a
// lock.
func TestReplacedChannels(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/chanswap")
}

// TestHandOver: accesses ordered without a lock of their own (a helper run
// under its callers' lock, work a WaitGroup counts in flight, a test's
// goroutines on its own objects) next to the same shapes unordered.
func TestHandOver(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/handover")
}

// TestAtomicSiblings: a method that adds to a counter atomically writes
// another field plainly, next to writes under a lock, after winning a
// compare-and-swap, on a fresh object, or beside a swap or store that is
// not a counter.
func TestAtomicSiblings(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/atomicsib")
}

// TestReplacedValues: a goroutine reads the variable its starter has just
// replaced (after reading the old value), next to one handed the value, a
// one-shot start, and a swap under the goroutine's own lock.
func TestReplacedValues(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/replaced")
}

// TestCollectors: a Prometheus collector's Collect runs once per scrape,
// concurrently; caches it fills need its lock.
func TestCollectors(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/entry/collector")
}

// TestRoundTrippers: an http.RoundTripper's RoundTrip runs once per
// request, concurrently ("must be safe for concurrent use").
func TestRoundTrippers(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/entry/roundtrip")
}

// TestPipelineConsumers: an OpenTelemetry Collector consumer runs once per
// batch, concurrently, whether a method or a function handed over.
func TestPipelineConsumers(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/entry/pipeline")
}

// TestAtomicGlobals: a package variable written and read plainly beside
// the package's atomic ones, by exported functions that run on any
// goroutine; not when an atomic flag publishes it, nor a plain setter.
func TestAtomicGlobals(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/atomicglobal")
}

// TestSelfLockedWrites: a handler reads, unlocked, a field that another
// call of it writes under the lock; not a lazy initialization tested under
// the lock, nor an object of the request's own.
func TestSelfLockedWrites(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/selfwrite")
}

// TestSnapshots: a map taken out from under the lock is still the shared
// one when code writes it in place; not when every change replaces it, nor
// when the taker leaves a new map behind. The fix copies it under the lock.
func TestSnapshots(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), datarace.Analyzer, "datarace/snapshot")
}

// TestConstructorGoroutines: a goroutine a constructor starts on the
// object it returns runs beside the object's methods; not one on an object
// the function keeps and joins.
func TestConstructorGoroutines(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/constructor")
}

// TestFreshRuns: reads of an object its caller has just made, after the
// goroutine given it has signalled from a deferred func, or in a helper
// that takes it or makes the next one; not on an object others hold.
func TestFreshRuns(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/freshrun")
}

// TestCallerMaps: an exported function writing into a map field of a
// struct passed by value; not after it put a map of its own there on every
// path, into a copy, through a pointer, in an unexported helper, or into
// a value receiver. The fix clones the map at the top of the function.
func TestCallerMaps(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), datarace.Analyzer, "datarace/callermap")
}

// TestCloseSend: a close that may run while a goroutine sends; not when
// the closer sends itself, waits for the senders, or shares their lock, nor
// between two API calls.
func TestCloseSend(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/closesend")
}

// TestWritesAfterSend: memory written through a pointer, slice or map after
// it was sent; not before the send, after the reply, on the next object of
// a loop, or in a value sent by copy.
func TestWritesAfterSend(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/aftersend")
}

// TestContextValues: a read method writing a map of a value the package
// stores in a context; not a setter, a lookup under a lock, or a type no
// context carries.
func TestContextValues(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/ctxvalue")
}

// TestSoleImplementation: a call through an unexported interface field
// that the package fills with one concrete type is that type's method;
// a field given two types is not followed.
func TestSoleImplementation(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/soleimpl")
}

// TestSentMaps: a map written in place under a lock and sent on a channel
// as it is, next to a copy sent and a map replaced on every change.
func TestSentMaps(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/sentmap")
}

// TestSharedDefaults: a write through a call's result that may be a
// package variable's address, next to a copy and a fresh value.
func TestSharedDefaults(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/shareddefault")
}

// TestServingWrites: a field written before a blocking Serve and read by
// another exported method, next to one set in the constructor and one
// guarded.
func TestServingWrites(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/serving")
}

// TestSharedSingletons: a method writing its receiver on a type whose one
// value the package publishes, next to published values that plan in
// locals or lock.
func TestSharedSingletons(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/singleton")
}

// Orderings that come from the arrangement of the code: writes that only
// happen before a go statement, channels handed over through a field.
func TestProtocol(t *testing.T) {
	analysistest.Run(t, testdata(t), datarace.Analyzer, "datarace/protocol")
}
