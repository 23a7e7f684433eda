// Package atomicglobal is a logging package whose settings are package
// variables: most of them atomic, because every goroutine logs.
package atomicglobal

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var (
	once        sync.Once
	initialized uint32
	level       uint32
	encoding    string
	prefix      string
	ready       atomic.Bool
	format      string
	mu          sync.Mutex
	tag         string
)

// Config configures logging.
type Config struct {
	Encoding, Prefix, Format, Tag string
	Level                         uint32
}

// SetUp may be called again to change the settings while others log.
func SetUp(c Config) {
	encoding = c.Encoding // want `encoding is written without sync/atomic in SetUp, which stores \w+ atomically, while Info reads it and loads level atomically`
	once.Do(func() {
		atomic.StoreUint32(&initialized, 1)
		atomic.StoreUint32(&level, c.Level)
	})
	mu.Lock()
	tag = c.Tag
	mu.Unlock()
}

// Info logs at info level.
func Info(msg string) {
	if atomic.LoadUint32(&level) > 1 {
		return
	}
	mu.Lock()
	t := tag
	mu.Unlock()
	fmt.Println(encoding, t, msg)
}

// Format is set once, before ready publishes it.
func Format(f string) {
	format = f
	ready.Store(true)
}

// Formatted reads the format only after ready says it is set.
func Formatted(msg string) string {
	if ready.Load() {
		return fmt.Sprintf(format, msg)
	}
	return msg
}

// SetPrefix stores nothing atomically: a setter meant for start-up, which
// the package does not show to run beside the readers.
func SetPrefix(p string) {
	prefix = p
}

// Prefixed reads the prefix beside the atomic level.
func Prefixed(msg string) string {
	if atomic.LoadUint32(&level) > 1 {
		return ""
	}
	return prefix + msg
}

func init() {
	encoding = "json"
	atomic.StoreUint32(&initialized, 1)
}
