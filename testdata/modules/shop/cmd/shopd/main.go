// Command shopd serves the shop's public API.
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
	store := catalog.MemStore{"p1": {ID: "p1", Name: "mug", Price: 900, Tags: []string{"kitchen"}}}
	cat := catalog.New(store)
	carts := cart.NewService(cat)
	ord := orders.NewService(orders.LogNotifier{}, cfg.WorkerLimit, cfg.OrderTimeout)
	srv := &http.Server{Addr: cfg.Addr, Handler: httpapi.Routes(cat, carts, ord)}
	log.Fatal(srv.ListenAndServe())
}
