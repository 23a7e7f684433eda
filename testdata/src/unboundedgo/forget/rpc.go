package forget

import (
	"context"
	"net/http"

	"unboundedgo/pb"
)

func routes(mux *http.ServeMux, m *Mailer) {
	mux.HandleFunc("/invite", func(w http.ResponseWriter, r *http.Request) {
		go m.Send(r.FormValue("to"), "invite") // want `the goroutine started by the net/http handler outlives the request`
	})
}

type Orders struct{ mail *Mailer }

// PlaceOrder tells sales from a goroutine nobody can stop or wait for.
func (o *Orders) PlaceOrder(ctx context.Context, req *pb.PlaceOrderRequest) (*pb.PlaceOrderReply, error) {
	go o.mail.Send("sales", "new order") // want `the goroutine started by PlaceOrder outlives the request`
	go o.mail.SendCtx(ctx, "audit", "new order")
	return &pb.PlaceOrderReply{}, nil
}
