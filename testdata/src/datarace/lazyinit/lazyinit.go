// Package lazyinit fills package variables on first use.
package lazyinit

import (
	"net/http"
	"os"
	"sync"
)

var version string

func clientVersion() string {
	if version == "" {
		version = os.Getenv("CLIENT_VERSION") // want `package variable version is initialized lazily without a lock, and the goroutine started in Broker.Open may run twice at once`
	}
	return version
}

// Broker keeps what each goroutine learns in a field of its own: the
// lazy fills are the races here.
type Broker struct {
	mu      sync.Mutex
	id      string
	version string
	agent   string
}

var region string

func regionName() string {
	if region == "" {
		region = os.Getenv("REGION") // want `package variable region is initialized lazily without a lock, and the goroutine started in Broker.Connect may run twice at once`
	}
	return region
}

// Connect hands its lock to the goroutine, which releases it before the
// lazy fill: the fill runs unlocked.
func (b *Broker) Connect() {
	b.mu.Lock()
	go func() {
		defer func() {
			b.mu.Unlock()
			b.id = regionName()
		}()
		b.id = "connecting"
	}()
}

var zone string

// Reconnect's goroutine fills zone while it still holds the lock its
// starter handed over, but that lock is one broker's, and zone everyone's.
func (b *Broker) Reconnect() {
	b.mu.Lock()
	go func() {
		defer b.mu.Unlock()
		if zone == "" {
			zone = os.Getenv("ZONE") // want `package variable zone is initialized lazily without a lock`
		}
	}()
}

// Open's goroutine runs once per broker, and brokers open at once.
func (b *Broker) Open() {
	go func() {
		b.version = clientVersion()
	}()
}

var agent string

func userAgent() string {
	if agent == "" {
		agent = "lazy/" + os.Getenv("AGENT") // want `package variable agent is initialized lazily without a lock, and the goroutine started in Broker.Dial may run twice at once`
	}
	return agent
}

func withRecover(fn func()) {
	defer func() { _ = recover() }()
	fn()
}

// Dial's goroutine goes through a recovering wrapper.
func (b *Broker) Dial() {
	go withRecover(func() {
		defer func() {
			b.agent = userAgent()
		}()
	})
}

var (
	hostOnce sync.Once
	host     string
)

func hostName() string {
	hostOnce.Do(func() {
		if host == "" {
			host, _ = os.Hostname()
		}
	})
	return host
}

var (
	tmplMu sync.Mutex
	tmpl   map[string]string
)

func templates() map[string]string {
	tmplMu.Lock()
	defer tmplMu.Unlock()
	if tmpl == nil {
		tmpl = map[string]string{}
	}
	return tmpl
}

var banner string

func serve(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(hostName()))
	_ = templates()
	if banner == "" {
		banner = "hello" // want `banner is written without a lock in a net/http handler`
	}
}

var debug string

// Setup is exported API documented to run once, before serving.
func Setup() {
	if debug == "" {
		debug = os.Getenv("DEBUG")
	}
}

func Routes(mux *http.ServeMux) { mux.HandleFunc("/", serve) }
