package result

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

type Server struct{ hits int }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `entry net/http handler` `concurrent: entry`
	s.record()
}

func (s *Server) record() { s.hits++ } // want `concurrent: entry via call`

func handleIndex(w http.ResponseWriter, r *http.Request) {} // want `entry net/http handler` `concurrent: entry`

func getUser(c *gin.Context) {} // want `entry gin handler` `concurrent: entry`

func routes(mux *http.ServeMux) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {}) // want `entry net/http handler`
}

func fanOut(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { return fetch(ctx, id) }) // want `spawn errgroup in loop recv=g`
	}
	go worker(ctx)                         // want `spawn go body=worker`
	time.AfterFunc(time.Second, func() {}) // want `spawn afterfunc`
	for {
		go func() {}() // want `spawn go in loop`
		break
	}
	return g.Wait()
}

func fetch(ctx context.Context, id string) error { return nil } // want `concurrent: spawn via call`

func worker(ctx context.Context) { // want `concurrent: spawn`
	helper()
}

func helper() {} // want `concurrent: spawn via call`

func sequential() { helper2() }

func helper2() {}

func spawnInLoopCondition(xs []int) {
	for i := 0; i < len(xs); i++ {
		defer func() {}()
	}
}
