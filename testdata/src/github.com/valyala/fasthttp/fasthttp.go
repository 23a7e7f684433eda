// Package fasthttp is a test stub of github.com/valyala/fasthttp.
package fasthttp

// RequestCtx carries one request and its response. fasthttp reuses it across
// requests, so a handler must not keep it after it returns.
type RequestCtx struct {
	userValues map[string]any
}

func (ctx *RequestCtx) Path() []byte                 { return nil }
func (ctx *RequestCtx) PostBody() []byte             { return nil }
func (ctx *RequestCtx) SetStatusCode(statusCode int) {}
func (ctx *RequestCtx) SetBodyString(body string)    {}
func (ctx *RequestCtx) UserValue(key string) any     { return ctx.userValues[key] }
func (ctx *RequestCtx) SetUserValue(key string, value any) {
	if ctx.userValues == nil {
		ctx.userValues = make(map[string]any)
	}
	ctx.userValues[key] = value
}

// RequestHandler is what fasthttp calls, on one goroutine per connection, for
// every request.
type RequestHandler func(ctx *RequestCtx)

type Server struct {
	Handler RequestHandler
	Name    string
}

func (s *Server) ListenAndServe(addr string) error { return nil }

func ListenAndServe(addr string, handler RequestHandler) error { return nil }

// Response is a pooled response: its body is valid until ReleaseResponse.
type Response struct{ body []byte }

func (r *Response) Body() []byte { return r.body }

func AcquireResponse() *Response { return &Response{} }

func ReleaseResponse(r *Response) {}
