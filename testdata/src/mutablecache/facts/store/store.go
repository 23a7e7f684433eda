// Package store reads and writes orders and caches customers.
package store

import (
	"context"
	"database/sql"
	"sync"
)

// Order is a row of the orders table.
type Order struct {
	ID    string
	Items []string
}

// Orders is the repository.
type Orders struct {
	db *sql.DB

	mu        sync.Mutex
	customers map[string]*Order
	seen      map[string]bool
	handlers  map[string]func()
}

func (o *Orders) Get(ctx context.Context, id string) (*Order, error) { // want Get:`source\(reads=orders writes= keys=\[1\]\)`
	ord := &Order{}
	err := o.db.QueryRowContext(ctx, "select id from orders where id = ?", id).Scan(&ord.ID)
	return ord, err
}

func (o *Orders) AddItem(ctx context.Context, id, item string) error { // want AddItem:`source\(reads= writes= inserts=order_items keys=\[1 2\]\)`
	_, err := o.db.ExecContext(ctx, "INSERT INTO order_items (order_id, item) VALUES (?, ?)", id, item)
	return err
}

func (o *Orders) Cancel(ctx context.Context, ord *Order) error { // want Cancel:`source\(reads= writes=orders keys=\[1\]\)`
	return o.update(ctx, ord.ID)
}

func (o *Orders) update(ctx context.Context, id string) error { // want update:`source\(reads= writes=orders keys=\[1\]\)`
	_, err := o.db.Exec("UPDATE orders SET state = 'cancelled' WHERE id = ?", id)
	return err
}

// Dynamic builds its query at run time: no fact.
func (o *Orders) Dynamic(ctx context.Context, q string) error {
	_, err := o.db.ExecContext(ctx, q)
	return err
}

func (o *Orders) Customer(ctx context.Context, id string) *Order { // want Customer:`returnsCached\[0\]` Customer:`source\(reads=orders writes= keys=\[1\]\)`
	o.mu.Lock()
	defer o.mu.Unlock()
	if c, ok := o.customers[id]; ok {
		return c
	}
	c, _ := o.Get(ctx, id)
	o.customers[id] = c
	return c
}

func (o *Orders) customerItems(ctx context.Context, id string) []string { // want customerItems:`returnsCached\[0\]` customerItems:`source\(reads=orders writes= keys=\[1\]\)`
	return o.Customer(ctx, id).Items
}

// CustomerCopy returns a copy: no fact.
func (o *Orders) CustomerCopy(ctx context.Context, id string) Order { // want CustomerCopy:`source\(reads=orders writes= keys=\[1\]\)`
	return *o.Customer(ctx, id)
}

// Seen is a set of keys, not a cache.
func (o *Orders) Seen(id string) bool {
	if o.seen[id] {
		return true
	}
	o.seen[id] = true
	return false
}

// Handler looks up what Register stored: a registry, not a cache.
func (o *Orders) Handler(name string) func() { return o.handlers[name] }

func (o *Orders) Register(name string, h func()) {
	if _, dup := o.handlers[name]; dup {
		panic(name)
	}
	o.handlers[name] = h
}
