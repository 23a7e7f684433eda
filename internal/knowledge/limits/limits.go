// Package limits is msvclint's curated knowledge of the library APIs that
// bound, feed, join or end goroutines: semaphores and group limits, listener
// wrappers, the calls a message loop blocks on, channels the runtime never
// closes, functions that never return, and the calls that decode a request
// into a value.
//
// It is a table rather than facts read from those packages because some
// drivers never analyze the standard library or third-party modules, and
// because "this channel is never closed" or "this call caps concurrency" is
// documented behaviour, not something visible at a call site. Entries are
// matched by the package path, receiver type name and name of the resolved
// object, never by the spelling at a call site.
package limits

import (
	"go/types"

	"github.com/msvclint/msvclint/internal/typesutil"
)

// Func is the tables' key, shared with every knowledge table.
type Func = typesutil.Func

// Acquirers bound how many goroutines run at once when called before a go
// statement or at the start of the goroutine: a weighted semaphore's Acquire,
// and a rate limiter's Wait (which bounds the spawn rate, and with it, for
// goroutines of bounded duration, their number).
var Acquirers = []Func{
	{Pkg: "golang.org/x/sync/semaphore", Recv: "Weighted", Name: "Acquire"},
	{Pkg: "golang.org/x/sync/semaphore", Recv: "Weighted", Name: "TryAcquire"},
	{Pkg: "golang.org/x/time/rate", Recv: "Limiter", Name: "Wait"},
	{Pkg: "golang.org/x/time/rate", Recv: "Limiter", Name: "WaitN"},
}

// GroupLimits cap the goroutines a group runs at once: errgroup.Group.Go
// blocks once SetLimit's number of goroutines is running.
var GroupLimits = []Func{
	{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "SetLimit"},
}

// Joiners wait for the goroutines a group or WaitGroup started. A loop that
// joins what it spawned in the same iteration runs a bounded number at once.
var Joiners = []Func{
	{Pkg: "sync", Recv: "WaitGroup", Name: "Wait"},
	{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "Wait"},
	{Pkg: "github.com/sourcegraph/conc", Recv: "WaitGroup", Name: "Wait"},
	{Pkg: "github.com/zeromicro/go-zero/core/threading", Recv: "RoutineGroup", Name: "Wait"},
}

// ListenerLimits wrap a listener so that at most n connections are open at
// once; a server that accepts from the wrapped listener is bounded.
var ListenerLimits = []Func{
	{Pkg: "golang.org/x/net/netutil", Name: "LimitListener"},
}

// Listeners create a listener that nothing limits yet.
var Listeners = []Func{
	{Pkg: "net", Name: "Listen"},
	{Pkg: "net", Name: "ListenTCP"},
	{Pkg: "net", Name: "ListenUnix"},
	{Pkg: "net", Recv: "ListenConfig", Name: "Listen"},
	{Pkg: "crypto/tls", Name: "Listen"},
}

// Accepts return one connection per call: a loop around them runs once per
// client connection, a number the program does not control.
var Accepts = []Func{
	{Pkg: "net", Recv: "Listener", Name: "Accept"},
	{Pkg: "net", Recv: "TCPListener", Name: "Accept"},
	{Pkg: "net", Recv: "TCPListener", Name: "AcceptTCP"},
	{Pkg: "net", Recv: "UnixListener", Name: "Accept"},
	{Pkg: "net", Recv: "UnixListener", Name: "AcceptUnix"},
}

// Receivers block until the next message from a queue or a peer arrives: a
// loop around them runs once per message, a number the program does not
// control. (Clients that deliver on a channel, such as amqp's Consume or
// sarama's Messages, are recognized by the channel instead; clients that call
// back, such as sarama's ConsumeClaim, are entry points in
// internal/knowledge/goroutines.)
var Receivers = []Func{
	{Pkg: "github.com/segmentio/kafka-go", Recv: "Reader", Name: "ReadMessage"},
	{Pkg: "github.com/segmentio/kafka-go", Recv: "Reader", Name: "FetchMessage"},
	{Pkg: "github.com/confluentinc/confluent-kafka-go/kafka", Recv: "Consumer", Name: "ReadMessage"},
	{Pkg: "github.com/confluentinc/confluent-kafka-go/v2/kafka", Recv: "Consumer", Name: "ReadMessage"},
	{Pkg: "github.com/nats-io/nats.go", Recv: "Subscription", Name: "NextMsg"},
	{Pkg: "github.com/nats-io/nats.go", Recv: "Subscription", Name: "NextMsgWithContext"},
	{Pkg: "github.com/redis/go-redis/v9", Recv: "PubSub", Name: "ReceiveMessage"},
	{Pkg: "github.com/go-redis/redis/v8", Recv: "PubSub", Name: "ReceiveMessage"},
	{Pkg: "github.com/gorilla/websocket", Recv: "Conn", Name: "ReadMessage"},
	{Pkg: "github.com/gorilla/websocket", Recv: "Conn", Name: "ReadJSON"},
}

// Takeovers take the client connection away from the HTTP server: after
// them, goroutines that serve the connection live as long as it does, not as
// long as the request, and that is their design (proxies, websockets).
var Takeovers = []Func{
	{Pkg: "net/http", Recv: "Hijacker", Name: "Hijack"},
	{Pkg: "net/http", Recv: "ResponseController", Name: "Hijack"},
	{Pkg: "github.com/gorilla/websocket", Recv: "Upgrader", Name: "Upgrade"},
	{Pkg: "github.com/coder/websocket", Name: "Accept"},
	{Pkg: "nhooyr.io/websocket", Name: "Accept"},
}

// GoroutineExits end the calling goroutine, not the process: what it left
// blocked stays blocked (a test's t.Fatal leaves its goroutines behind).
var GoroutineExits = []Func{
	{Pkg: "runtime", Name: "Goexit"},
	{Pkg: "testing", Recv: "common", Name: "FailNow"},
	{Pkg: "testing", Recv: "common", Name: "Fatal"},
	{Pkg: "testing", Recv: "common", Name: "Fatalf"},
	{Pkg: "testing", Recv: "common", Name: "SkipNow"},
	{Pkg: "testing", Recv: "common", Name: "Skip"},
	{Pkg: "testing", Recv: "common", Name: "Skipf"},
}

// TestFailures mark the running test failed: a goroutine a test leaves
// blocked on such a path leaks only when the test has already failed.
var TestFailures = []Func{
	{Pkg: "testing", Recv: "common", Name: "Error"},
	{Pkg: "testing", Recv: "common", Name: "Errorf"},
	{Pkg: "testing", Recv: "common", Name: "Fail"},
	{Pkg: "testing", Recv: "common", Name: "FailNow"},
	{Pkg: "testing", Recv: "common", Name: "Fatal"},
	{Pkg: "testing", Recv: "common", Name: "Fatalf"},
}

// NeverReturn are functions after whose call control never continues.
var NeverReturn = []Func{
	{Pkg: "os", Name: "Exit"},
	{Pkg: "runtime", Name: "Goexit"},
	{Pkg: "log", Name: "Fatal"},
	{Pkg: "log", Name: "Fatalf"},
	{Pkg: "log", Name: "Fatalln"},
	{Pkg: "log", Name: "Panic"},
	{Pkg: "log", Name: "Panicf"},
	{Pkg: "log", Name: "Panicln"},
	{Pkg: "log", Recv: "Logger", Name: "Fatal"},
	{Pkg: "log", Recv: "Logger", Name: "Fatalf"},
	{Pkg: "log", Recv: "Logger", Name: "Fatalln"},
	{Pkg: "log", Recv: "Logger", Name: "Panic"},
	{Pkg: "log", Recv: "Logger", Name: "Panicf"},
	{Pkg: "log", Recv: "Logger", Name: "Panicln"},
	// t.Fatal and friends end the test's goroutine with runtime.Goexit;
	// the methods are testing.common's, promoted to T, B and F.
	{Pkg: "testing", Recv: "common", Name: "FailNow"},
	{Pkg: "testing", Recv: "common", Name: "Fatal"},
	{Pkg: "testing", Recv: "common", Name: "Fatalf"},
	{Pkg: "testing", Recv: "common", Name: "SkipNow"},
	{Pkg: "testing", Recv: "common", Name: "Skip"},
	{Pkg: "testing", Recv: "common", Name: "Skipf"},
	// Loggers whose fatal level exits the process.
	{Pkg: "go.uber.org/zap", Recv: "Logger", Name: "Fatal"},
	{Pkg: "go.uber.org/zap", Recv: "Logger", Name: "Panic"},
	{Pkg: "go.uber.org/zap", Recv: "SugaredLogger", Name: "Fatal"},
	{Pkg: "go.uber.org/zap", Recv: "SugaredLogger", Name: "Fatalf"},
	{Pkg: "go.uber.org/zap", Recv: "SugaredLogger", Name: "Fatalw"},
	{Pkg: "github.com/sirupsen/logrus", Name: "Fatal"},
	{Pkg: "github.com/sirupsen/logrus", Name: "Fatalf"},
	{Pkg: "github.com/sirupsen/logrus", Name: "Fatalln"},
	{Pkg: "github.com/sirupsen/logrus", Recv: "Logger", Name: "Fatal"},
	{Pkg: "github.com/sirupsen/logrus", Recv: "Logger", Name: "Fatalf"},
	{Pkg: "github.com/sirupsen/logrus", Recv: "Entry", Name: "Fatal"},
	{Pkg: "github.com/sirupsen/logrus", Recv: "Entry", Name: "Fatalf"},
	{Pkg: "k8s.io/klog/v2", Name: "Fatal"},
	{Pkg: "k8s.io/klog/v2", Name: "Fatalf"},
	{Pkg: "k8s.io/klog/v2", Name: "Exit"},
	{Pkg: "k8s.io/klog/v2", Name: "Exitf"},
}

// NeverClosedFuncs return a channel that the runtime never closes: a loop
// ranging over it never ends. (time.After fires once and is not closed
// either, but nobody ranges over it.)
var NeverClosedFuncs = []Func{
	{Pkg: "time", Name: "Tick"},
}

// NeverClosedFields are channel fields the runtime sends on and never closes:
// a ticker's C keeps ticking until Stop, and Stop does not close it, so a
// goroutine ranging over it never exits. (A ticker that is merely not stopped
// is no leak since Go 1.23, which collects unreferenced tickers; the leak is
// the goroutine waiting on it.)
var NeverClosedFields = []struct{ Pkg, Type, Field string }{
	{"time", "Ticker", "C"},
	{"time", "Timer", "C"},
}

// Decoder is a call that fills the value its argument Arg points to from a
// request body or a message: a loop over a slice of that value runs once per
// item the client sent.
type Decoder struct {
	Func
	Arg int // index of the pointer argument, counting a method's receiver as -1
}

// Decoders lists the request decoders.
var Decoders = []Decoder{
	{Func{Pkg: "encoding/json", Name: "Unmarshal"}, 1},
	{Func{Pkg: "encoding/json", Recv: "Decoder", Name: "Decode"}, 0},
	{Func{Pkg: "encoding/xml", Name: "Unmarshal"}, 1},
	{Func{Pkg: "encoding/xml", Recv: "Decoder", Name: "Decode"}, 0},
	{Func{Pkg: "google.golang.org/protobuf/proto", Name: "Unmarshal"}, 1},
	{Func{Pkg: "github.com/gin-gonic/gin", Recv: "Context", Name: "Bind"}, 0},
	{Func{Pkg: "github.com/gin-gonic/gin", Recv: "Context", Name: "BindJSON"}, 0},
	{Func{Pkg: "github.com/gin-gonic/gin", Recv: "Context", Name: "ShouldBind"}, 0},
	{Func{Pkg: "github.com/gin-gonic/gin", Recv: "Context", Name: "ShouldBindJSON"}, 0},
	{Func{Pkg: "github.com/labstack/echo/v4", Recv: "Context", Name: "Bind"}, 0},
	{Func{Pkg: "github.com/gofiber/fiber/v2", Recv: "Ctx", Name: "BodyParser"}, 0},
}

// Is reports whether fn is one of fs.
func Is(fn *types.Func, fs []Func) bool {
	_, ok := lookup(fn, fs)
	return ok
}

// DecoderArg returns the index of the argument that a decoder call fills, and
// whether fn is a decoder.
func DecoderArg(fn *types.Func) (int, bool) {
	for _, d := range Decoders {
		if d.Match(fn) {
			return d.Arg, true
		}
	}
	return 0, false
}

// NeverClosedField reports whether field is a channel field the runtime never
// closes.
func NeverClosedField(field *types.Var) bool {
	if field == nil || field.Pkg() == nil || !field.IsField() {
		return false
	}
	for _, f := range NeverClosedFields {
		if field.Pkg().Path() == f.Pkg && field.Name() == f.Field && fieldOwner(field) == f.Type {
			return true
		}
	}
	return false
}

// fieldOwner names the package-level struct type that declares field.
func fieldOwner(field *types.Var) string {
	if tn := typesutil.FieldOwner(field); tn != nil {
		return tn.Name()
	}
	return ""
}

func lookup(fn *types.Func, fs []Func) (Func, bool) {
	for _, f := range fs {
		if f.Match(fn) {
			return f, true
		}
	}
	return Func{}, false
}
