// Package goroutines is msvclint's curated knowledge of the library APIs that
// start goroutines and of the frameworks that invoke user code concurrently.
//
// It is a table rather than facts read from those packages because some
// drivers never analyze the standard library or vendored frameworks, and
// because "this callback runs on many goroutines at once" is documented
// behaviour, not something visible in the code. Entries are matched by package
// path and name of the resolved object, never by the spelling at a call site.
package goroutines

import (
	"go/types"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// SpawnKind says how a spawner runs its function argument.
type SpawnKind string

// The spawn kinds. A "go" statement has SpawnGo; the others come from Spawners.
const (
	SpawnGo        SpawnKind = "go"
	SpawnErrgroup  SpawnKind = "errgroup"
	SpawnWaitGroup SpawnKind = "waitgroup"
	SpawnAfterFunc SpawnKind = "afterfunc"
	SpawnPool      SpawnKind = "pool"    // a worker of a fixed-size pool (ants): bounded by its size, no Wait
	SpawnWrapper   SpawnKind = "wrapper" // a function whose fact says it spawns a parameter
)

// Spawner is a function or method that runs one of its arguments in a new
// goroutine.
type Spawner struct {
	typesutil.Func
	Arg  int // index of the function argument that is started
	Kind SpawnKind
}

// Spawners lists the library calls that start a goroutine running an argument.
var Spawners = []Spawner{
	{typesutil.Func{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "Go"}, 0, SpawnErrgroup},
	{typesutil.Func{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "TryGo"}, 0, SpawnErrgroup},
	{typesutil.Func{Pkg: "sync", Recv: "WaitGroup", Name: "Go"}, 0, SpawnWaitGroup}, // Go 1.25
	{typesutil.Func{Pkg: "time", Name: "AfterFunc"}, 1, SpawnAfterFunc},
	{typesutil.Func{Pkg: "github.com/sourcegraph/conc", Recv: "WaitGroup", Name: "Go"}, 0, SpawnWaitGroup},
	{typesutil.Func{Pkg: "github.com/panjf2000/ants/v2", Recv: "Pool", Name: "Submit"}, 0, SpawnPool},
}

// LookupSpawner returns the table entry for fn, if any.
func LookupSpawner(fn *types.Func) (Spawner, bool) {
	for _, s := range Spawners {
		if s.Match(fn) {
			return s, true
		}
	}
	return Spawner{}, false
}

// EntryKind names the framework that runs an entry point.
type EntryKind string

// The entry kinds.
const (
	EntryHTTP     EntryKind = "net/http handler"
	EntryGin      EntryKind = "gin handler"
	EntryEcho     EntryKind = "echo handler"
	EntryFiber    EntryKind = "fiber handler"
	EntryFastHTTP EntryKind = "fasthttp handler"
	EntryGRPC     EntryKind = "gRPC method"
	EntryConsumer EntryKind = "message consumer"
	// EntryCollector is a Prometheus collector's Collect, which the
	// registry calls once per scrape, concurrently ("may be called
	// concurrently and must therefore be implemented in a concurrency-safe
	// way", prometheus.Collector).
	EntryCollector EntryKind = "Prometheus collector"
	// EntryRoundTrip is an http.RoundTripper's RoundTrip, which "must be
	// safe for concurrent use by multiple goroutines": a client runs one per
	// request.
	EntryRoundTrip EntryKind = "RoundTrip method"
	// EntryPipeline is an OpenTelemetry Collector consumer: ConsumeTraces,
	// ConsumeMetrics or ConsumeLogs, or a function of that shape handed to
	// the pipeline. Receivers call the next consumer from every request's
	// goroutine (the OTLP receiver's gRPC and HTTP handlers), so one
	// consumer runs many calls at once.
	EntryPipeline EntryKind = "telemetry pipeline consumer"
)

// handlerShape is the parameter (and result) list of a framework callback. Any
// function with exactly this signature exists to be called by the framework,
// which calls it from one goroutine per request.
type handlerShape struct {
	params  []typeName
	results []typeName
	kind    EntryKind
}

type typeName struct {
	pkg, name string
	ptr       bool
}

var handlerShapes = append([]handlerShape{
	{[]typeName{{"net/http", "ResponseWriter", false}, {"net/http", "Request", true}}, nil, EntryHTTP},
	{[]typeName{{"github.com/gin-gonic/gin", "Context", true}}, nil, EntryGin},
	{[]typeName{{"github.com/labstack/echo/v4", "Context", false}}, []typeName{{"", "error", false}}, EntryEcho},
	{[]typeName{{"github.com/gofiber/fiber/v2", "Ctx", true}}, []typeName{{"", "error", false}}, EntryFiber},
	{[]typeName{{"github.com/valyala/fasthttp", "RequestCtx", true}}, nil, EntryFastHTTP},
	{[]typeName{{"github.com/nats-io/nats.go", "Msg", true}}, nil, EntryConsumer},
}, pipelineShapes()...)

// pdataTypes are the OpenTelemetry Collector's telemetry batches, across the
// package moves of its history; a function taking a context and one of them
// and returning an error is a pipeline consumer.
var pdataTypes = []typeName{
	{"go.opentelemetry.io/collector/pdata/ptrace", "Traces", false},
	{"go.opentelemetry.io/collector/pdata/pmetric", "Metrics", false},
	{"go.opentelemetry.io/collector/pdata/plog", "Logs", false},
	{"go.opentelemetry.io/collector/pdata/pprofile", "Profiles", false},
	{"go.opentelemetry.io/collector/model/pdata", "Traces", false},
	{"go.opentelemetry.io/collector/model/pdata", "Metrics", false},
	{"go.opentelemetry.io/collector/model/pdata", "Logs", false},
	{"go.opentelemetry.io/collector/consumer/pdata", "Traces", false},
	{"go.opentelemetry.io/collector/consumer/pdata", "Metrics", false},
	{"go.opentelemetry.io/collector/consumer/pdata", "Logs", false},
}

func pipelineShapes() []handlerShape {
	var out []handlerShape
	for _, t := range pdataTypes {
		out = append(out, handlerShape{
			[]typeName{{"context", "Context", false}, t}, []typeName{{"", "error", false}}, EntryPipeline,
		})
	}
	return out
}

// HandlerKind reports whether sig is the signature of a framework callback
// that is invoked concurrently, one call per request or message.
func HandlerKind(sig *types.Signature) (EntryKind, bool) {
	for _, h := range handlerShapes {
		if tupleIs(sig.Params(), h.params) && tupleIs(sig.Results(), h.results) {
			return h.kind, true
		}
	}
	return "", false
}

// grpcRegistrars are the types a generated RegisterXServer function takes as
// its first parameter; its second parameter is the service interface whose
// methods gRPC calls concurrently, one goroutine per RPC.
var grpcRegistrars = []typeName{
	{"google.golang.org/grpc", "ServiceRegistrar", false},
	{"google.golang.org/grpc", "Server", true},
}

// GRPCServiceInterface reports whether fn has the shape of a generated
// RegisterXServer function and, if so, returns the service interface.
func GRPCServiceInterface(fn *types.Func) (*types.Interface, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() != nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return nil, false
	}
	first := sig.Params().At(0).Type()
	matched := false
	for _, r := range grpcRegistrars {
		matched = matched || typeIs(first, r)
	}
	if !matched {
		return nil, false
	}
	iface, ok := sig.Params().At(1).Type().Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return nil, false
	}
	return iface, true
}

// ConsumerMethods are interface methods that a message-queue client calls
// concurrently (one goroutine per partition or claim).
var ConsumerMethods = []typesutil.Func{
	{Pkg: "github.com/IBM/sarama", Recv: "ConsumerGroupHandler", Name: "ConsumeClaim"},
	{Pkg: "github.com/Shopify/sarama", Recv: "ConsumerGroupHandler", Name: "ConsumeClaim"},
}

// CollectorMethods are interface methods that a metrics registry calls
// concurrently, one call per scrape.
var CollectorMethods = []typesutil.Func{
	{Pkg: "github.com/prometheus/client_golang/prometheus", Recv: "Collector", Name: "Collect"},
}

// PipelineMethods are the OpenTelemetry Collector's consumer interfaces,
// whose methods receivers call from every request's goroutine.
var PipelineMethods = []typesutil.Func{
	{Pkg: "go.opentelemetry.io/collector/consumer", Recv: "Traces", Name: "ConsumeTraces"},
	{Pkg: "go.opentelemetry.io/collector/consumer", Recv: "Metrics", Name: "ConsumeMetrics"},
	{Pkg: "go.opentelemetry.io/collector/consumer", Recv: "Logs", Name: "ConsumeLogs"},
}

// RoundTripMethods are the interface methods an HTTP client calls once per
// request, concurrently.
var RoundTripMethods = []typesutil.Func{
	{Pkg: "net/http", Recv: "RoundTripper", Name: "RoundTrip"},
}

func tupleIs(t *types.Tuple, want []typeName) bool {
	if t.Len() != len(want) {
		return false
	}
	for i, w := range want {
		if !typeIs(t.At(i).Type(), w) {
			return false
		}
	}
	return true
}

func typeIs(t types.Type, w typeName) bool {
	if w.ptr {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return false
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	if w.pkg == "" {
		return obj.Pkg() == nil && obj.Name() == w.name
	}
	return obj.Pkg() != nil && obj.Pkg().Path() == w.pkg && obj.Name() == w.name
}
