// Package orders serves orders over gRPC, net/http, gin, echo and fasthttp.
package orders

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

	"datarace/entry/orderpb"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"github.com/valyala/fasthttp"
)

var requests int

var mu sync.Mutex
var lastSKU string

type Server struct {
	mu      sync.Mutex
	nextID  int
	placed  map[string]int
	served  atomic.Int64
	cfg     Config
	byID    map[int]string
	lastErr error
	pinged  int
}

type Config struct{ Limit int }

func NewServer() *Server {
	s := &Server{placed: map[string]int{}}
	s.nextID = 1 // under construction: fine
	return s
}

func (s *Server) Place(ctx context.Context, req *orderpb.PlaceRequest) (*orderpb.PlaceReply, error) {
	s.nextID++                   // want `s.nextID is written without a lock in a gRPC method`
	s.placed[req.SKU] = s.nextID // want `s.placed is written without a lock in a gRPC method`
	s.served.Add(1)
	s.record(req.SKU)
	return &orderpb.PlaceReply{ID: s.nextID}, nil
}

func (s *Server) record(sku string) {
	s.byID[len(s.byID)] = sku // want `s.byID is written without a lock in a gRPC method`
}

func (s *Server) Cancel(ctx context.Context, req *orderpb.PlaceRequest) (*orderpb.PlaceReply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.placed, req.SKU)
	s.recordLocked(req.SKU)
	return &orderpb.PlaceReply{}, nil
}

// recordLocked is called with s.mu held.
func (s *Server) recordLocked(sku string) {
	s.lastErr = nil
}

// ServeHTTP counts requests in a package variable.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requests++ // want `requests is written without a lock in a net/http handler`
	mu.Lock()
	lastSKU = r.URL.Path
	mu.Unlock()
	resp := &Server{}
	resp.nextID = 2 // a per-request value
}

func (s *Server) Status(c *gin.Context) {
	s.cfg.Limit = 10 // want `s.cfg.Limit is written without a lock in a gin handler`
	c.JSON(200, s.cfg)
}

func (s *Server) Get(c echo.Context) error {
	s.lastErr = c.JSON(200, nil) // want `s.lastErr is written without a lock in an echo handler`
	return nil
}

func (s *Server) Ping(ctx *fasthttp.RequestCtx) {
	s.pinged++ // want `s.pinged is written without a lock in a fasthttp handler`
	ctx.SetStatusCode(200)
}

// Value receivers write a copy.
type Static struct{ hits int }

func (st Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st.hits++
}

// Reset has a handler's signature but is a helper of a per-request object,
// never registered.
type reqCtx struct {
	w http.ResponseWriter
	r *http.Request
}

func (c *reqCtx) Reset(w http.ResponseWriter, r *http.Request) {
	c.w, c.r = w, r
}

func Register(srv *Server) {
	r := gin.New()
	r.GET("/status", srv.Status)
	e := echo.New()
	e.GET("/get", srv.Get)
	_ = fasthttp.ListenAndServe(":8081", srv.Ping)
	slow := 0
	_ = fasthttp.ListenAndServe(":8082", func(ctx *fasthttp.RequestCtx) {
		slow++ // want `slow is captured by a fasthttp handler and written without a lock`
	})
	hits := 0
	http.HandleFunc("/hits", func(w http.ResponseWriter, r *http.Request) {
		hits++ // want `hits is captured by a net/http handler and written without a lock`
	})
	var once sync.Once
	http.HandleFunc("/init", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { requests = 0 })
	})
}

var _ orderpb.OrdersServer = (*Server)(nil)
