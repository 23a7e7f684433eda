package result

import "github.com/valyala/fasthttp"

// FastAPI serves over fasthttp.
type FastAPI struct{ hits int }

func (f *FastAPI) Hello(ctx *fasthttp.RequestCtx) { // want `entry fasthttp handler` `concurrent: entry`
	f.bump()
}

func (f *FastAPI) bump() { f.hits++ } // want `concurrent: entry via call`

// Reset has a handler's signature but is never handed to fasthttp.
func (f *FastAPI) Reset(ctx *fasthttp.RequestCtx) {}

func handleHealth(ctx *fasthttp.RequestCtx) { // want `entry fasthttp handler` `concurrent: entry`
	ctx.SetStatusCode(200)
}

func serveFast(f *FastAPI) error {
	srv := &fasthttp.Server{Handler: f.Hello}
	_ = fasthttp.ListenAndServe(":8081", handleHealth)
	_ = fasthttp.ListenAndServe(":8082", func(ctx *fasthttp.RequestCtx) {}) // want `entry fasthttp handler`
	return srv.ListenAndServe(":8080")
}
