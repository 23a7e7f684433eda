// Package gin is a test stub of github.com/gin-gonic/gin.
package gin

import "sync"

type Context struct {
	mu   sync.RWMutex
	Keys map[string]any
}

// Set and Get keep per-request values, filled lazily as gin does.
func (c *Context) Set(key string, value any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Keys == nil {
		c.Keys = make(map[string]any)
	}
	c.Keys[key] = value
}

func (c *Context) Get(key string) (value any, exists bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	value, exists = c.Keys[key]
	return
}

// ShouldBindBodyWith reads the body once per request and keeps it on the
// context, as gin does: a memo that lives as long as the request.
func (c *Context) ShouldBindBodyWith(obj any, read func() []byte) error {
	var body []byte
	if cb, ok := c.Get("body"); ok {
		body, _ = cb.([]byte)
	}
	if body == nil {
		body = read()
		c.Set("body", body)
	}
	return nil
}

func (c *Context) Param(key string) string    { return "" }
func (c *Context) JSON(code int, obj any)     {}
func (c *Context) ShouldBindJSON(v any) error { return nil }

type HandlerFunc func(*Context)

type RouterGroup struct{}

func (g *RouterGroup) GET(path string, handlers ...HandlerFunc)  {}
func (g *RouterGroup) POST(path string, handlers ...HandlerFunc) {}

type Engine struct{ RouterGroup }

func New() *Engine                         { return &Engine{} }
func (e *Engine) Run(addr ...string) error { return nil }
