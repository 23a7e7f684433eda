package workers

import "time"

// pool is the workers' in-memory job pool. Its setters are spelled like
// database/sql's, but it is not a database pool: no finding.
type pool struct{ open, idle int }

func newPool() *pool                             { return &pool{} }
func (p *pool) SetMaxOpenConns(n int)            { p.open = n }
func (p *pool) SetMaxIdleConns(n int)            { p.idle = n }
func (p *pool) SetConnMaxLifetime(time.Duration) {}

func billingPool() *pool {
	p := newPool()
	p.SetMaxOpenConns(10)
	p.SetMaxIdleConns(5)
	p.SetConnMaxLifetime(time.Minute)
	return p
}

func shippingPool() *pool {
	q := newPool()
	q.SetMaxOpenConns(10)
	q.SetMaxIdleConns(5)
	q.SetConnMaxLifetime(time.Minute)
	return q
}
