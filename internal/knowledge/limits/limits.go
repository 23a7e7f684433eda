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
	{"golang.org/x/sync/semaphore", "Weighted", "Acquire"},
	{"golang.org/x/sync/semaphore", "Weighted", "TryAcquire"},
	{"golang.org/x/time/rate", "Limiter", "Wait"},
	{"golang.org/x/time/rate", "Limiter", "WaitN"},
}

// GroupLimits cap the goroutines a group runs at once: errgroup.Group.Go
// blocks once SetLimit's number of goroutines is running.
var GroupLimits = []Func{
	{"golang.org/x/sync/errgroup", "Group", "SetLimit"},
}

// Joiners wait for the goroutines a group or WaitGroup started. A loop that
// joins what it spawned in the same iteration runs a bounded number at once.
var Joiners = []Func{
	{"sync", "WaitGroup", "Wait"},
	{"golang.org/x/sync/errgroup", "Group", "Wait"},
	{"github.com/sourcegraph/conc", "WaitGroup", "Wait"},
}

// ListenerLimits wrap a listener so that at most n connections are open at
// once; a server that accepts from the wrapped listener is bounded.
var ListenerLimits = []Func{
	{"golang.org/x/net/netutil", "", "LimitListener"},
}

// Listeners create a listener that nothing limits yet.
var Listeners = []Func{
	{"net", "", "Listen"},
	{"net", "", "ListenTCP"},
	{"net", "", "ListenUnix"},
	{"net", "ListenConfig", "Listen"},
	{"crypto/tls", "", "Listen"},
}

// Accepts return one connection per call: a loop around them runs once per
// client connection, a number the program does not control.
var Accepts = []Func{
	{"net", "Listener", "Accept"},
	{"net", "TCPListener", "Accept"},
	{"net", "TCPListener", "AcceptTCP"},
	{"net", "UnixListener", "Accept"},
	{"net", "UnixListener", "AcceptUnix"},
}

// Receivers block until the next message from a queue or a peer arrives: a
// loop around them runs once per message, a number the program does not
// control. (Clients that deliver on a channel, such as amqp's Consume or
// sarama's Messages, are recognized by the channel instead; clients that call
// back, such as sarama's ConsumeClaim, are entry points in
// internal/knowledge/goroutines.)
var Receivers = []Func{
	{"github.com/segmentio/kafka-go", "Reader", "ReadMessage"},
	{"github.com/segmentio/kafka-go", "Reader", "FetchMessage"},
	{"github.com/confluentinc/confluent-kafka-go/kafka", "Consumer", "ReadMessage"},
	{"github.com/confluentinc/confluent-kafka-go/v2/kafka", "Consumer", "ReadMessage"},
	{"github.com/nats-io/nats.go", "Subscription", "NextMsg"},
	{"github.com/nats-io/nats.go", "Subscription", "NextMsgWithContext"},
	{"github.com/redis/go-redis/v9", "PubSub", "ReceiveMessage"},
	{"github.com/go-redis/redis/v8", "PubSub", "ReceiveMessage"},
	{"github.com/gorilla/websocket", "Conn", "ReadMessage"},
	{"github.com/gorilla/websocket", "Conn", "ReadJSON"},
}

// Takeovers take the client connection away from the HTTP server: after
// them, goroutines that serve the connection live as long as it does, not as
// long as the request, and that is their design (proxies, websockets).
var Takeovers = []Func{
	{"net/http", "Hijacker", "Hijack"},
	{"net/http", "ResponseController", "Hijack"},
	{"github.com/gorilla/websocket", "Upgrader", "Upgrade"},
	{"github.com/coder/websocket", "", "Accept"},
	{"nhooyr.io/websocket", "", "Accept"},
}

// NeverReturn are functions after whose call control never continues.
var NeverReturn = []Func{
	{"os", "", "Exit"},
	{"runtime", "", "Goexit"},
	{"log", "", "Fatal"},
	{"log", "", "Fatalf"},
	{"log", "", "Fatalln"},
	{"log", "", "Panic"},
	{"log", "", "Panicf"},
	{"log", "", "Panicln"},
	{"log", "Logger", "Fatal"},
	{"log", "Logger", "Fatalf"},
	{"log", "Logger", "Fatalln"},
	{"log", "Logger", "Panic"},
	{"log", "Logger", "Panicf"},
	{"log", "Logger", "Panicln"},
	// t.Fatal and friends end the test's goroutine with runtime.Goexit;
	// the methods are testing.common's, promoted to T, B and F.
	{"testing", "common", "FailNow"},
	{"testing", "common", "Fatal"},
	{"testing", "common", "Fatalf"},
	{"testing", "common", "SkipNow"},
	{"testing", "common", "Skip"},
	{"testing", "common", "Skipf"},
	// Loggers whose fatal level exits the process.
	{"go.uber.org/zap", "Logger", "Fatal"},
	{"go.uber.org/zap", "Logger", "Panic"},
	{"go.uber.org/zap", "SugaredLogger", "Fatal"},
	{"go.uber.org/zap", "SugaredLogger", "Fatalf"},
	{"go.uber.org/zap", "SugaredLogger", "Fatalw"},
	{"github.com/sirupsen/logrus", "", "Fatal"},
	{"github.com/sirupsen/logrus", "", "Fatalf"},
	{"github.com/sirupsen/logrus", "", "Fatalln"},
	{"github.com/sirupsen/logrus", "Logger", "Fatal"},
	{"github.com/sirupsen/logrus", "Logger", "Fatalf"},
	{"github.com/sirupsen/logrus", "Entry", "Fatal"},
	{"github.com/sirupsen/logrus", "Entry", "Fatalf"},
	{"k8s.io/klog/v2", "", "Fatal"},
	{"k8s.io/klog/v2", "", "Fatalf"},
	{"k8s.io/klog/v2", "", "Exit"},
	{"k8s.io/klog/v2", "", "Exitf"},
}

// NeverClosedFuncs return a channel that the runtime never closes: a loop
// ranging over it never ends. (time.After fires once and is not closed
// either, but nobody ranges over it.)
var NeverClosedFuncs = []Func{
	{"time", "", "Tick"},
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
	{Func{"encoding/json", "", "Unmarshal"}, 1},
	{Func{"encoding/json", "Decoder", "Decode"}, 0},
	{Func{"encoding/xml", "", "Unmarshal"}, 1},
	{Func{"encoding/xml", "Decoder", "Decode"}, 0},
	{Func{"google.golang.org/protobuf/proto", "", "Unmarshal"}, 1},
	{Func{"github.com/gin-gonic/gin", "Context", "Bind"}, 0},
	{Func{"github.com/gin-gonic/gin", "Context", "BindJSON"}, 0},
	{Func{"github.com/gin-gonic/gin", "Context", "ShouldBind"}, 0},
	{Func{"github.com/gin-gonic/gin", "Context", "ShouldBindJSON"}, 0},
	{Func{"github.com/labstack/echo/v4", "Context", "Bind"}, 0},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "BodyParser"}, 0},
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
		if d.Func.Match(fn) {
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
	scope := field.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i) == field {
				return name
			}
		}
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
