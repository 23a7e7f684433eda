// Command shopadmin serves the same API on an internal port, wired by a copy
// of shopd's start-up code.
package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/cart"
	"example.com/shop/internal/catalog"
	"example.com/shop/internal/config"
	"example.com/shop/internal/httpapi"
	"example.com/shop/internal/orders"
)

func main() {
	cfg := config.Load()
	store := catalog.MemStore{}
	cat := catalog.New(store)
	carts := cart.NewService(cat)
	ord := orders.NewService(orders.LogNotifier{}, cfg.WorkerLimit, cfg.OrderTimeout)
	srv := &http.Server{Addr: "127.0.0.1:9090", Handler: httpapi.Routes(cat, carts, ord)}
	log.Fatal(srv.ListenAndServe())
}
