// Package httpapi routes HTTP requests to the shop's services.
package httpapi

import (
	"fmt"
	"net/http"

	"example.com/shop/internal/cart"
	"example.com/shop/internal/catalog"
	"example.com/shop/internal/orders"
)

// Routes returns the shop's handler.
func Routes(c *catalog.Catalog, carts *cart.Service, ord *orders.Service) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cart", carts.HandleAdd)
	mux.HandleFunc("GET /cart", carts.HandleList)
	mux.HandleFunc("POST /orders", ord.HandleSubmit)
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) {
		p, err := c.Get(r.Context(), r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		p.Name = fmt.Sprintf("%s (%d in stock)", p.Name, 3) // edits the cached product
		fmt.Fprintln(w, p.Name)
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "catalog_hits %d\n", c.Hits())
	})
	return mux
}
