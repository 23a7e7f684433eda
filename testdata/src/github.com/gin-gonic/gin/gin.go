// Package gin is a test stub of github.com/gin-gonic/gin.
package gin

type Context struct{ Keys map[string]any }

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
