// Package echo is a test stub of github.com/labstack/echo/v4.
package echo

type Context interface {
	Param(name string) string
	JSON(code int, i any) error
}

type HandlerFunc func(Context) error

type Echo struct{}

func New() *Echo                                { return &Echo{} }
func (e *Echo) GET(path string, h HandlerFunc)  {}
func (e *Echo) POST(path string, h HandlerFunc) {}
func (e *Echo) Start(address string) error      { return nil }
