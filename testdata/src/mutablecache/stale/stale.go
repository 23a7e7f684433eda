package stale

import (
	"context"
	"database/sql"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Prices caches product prices read from the database.
type Prices struct {
	db   *sql.DB
	mu   sync.Mutex
	byID map[int64]int64
}

func (p *Prices) Price(ctx context.Context, id int64) (int64, error) {
	p.mu.Lock()
	if v, ok := p.byID[id]; ok {
		p.mu.Unlock()
		return v, nil
	}
	p.mu.Unlock()
	var cents int64
	if err := p.db.QueryRowContext(ctx, "SELECT cents FROM prices WHERE product_id = ?", id).Scan(&cents); err != nil {
		return 0, err
	}
	p.mu.Lock()
	p.byID[id] = cents
	p.mu.Unlock()
	return cents, nil
}

func (p *Prices) SetPrice(ctx context.Context, id, cents int64) error {
	_, err := p.db.ExecContext(ctx, "UPDATE prices SET cents = ? WHERE product_id = ?", cents, id) // want `Prices.SetPrice writes table prices but never updates cache Prices.byID, which Prices.Price fills from that table`
	return err
}

// SetPriceAndForget invalidates after a successful write.
func (p *Prices) SetPriceAndForget(ctx context.Context, id, cents int64) error {
	if _, err := p.db.ExecContext(ctx, "UPDATE prices SET cents = ? WHERE product_id = ?", cents, id); err != nil {
		return err
	}
	p.mu.Lock()
	delete(p.byID, id)
	p.mu.Unlock()
	return nil
}

// Discount overwrites the cached entry through a helper.
func (p *Prices) Discount(ctx context.Context, id, cents int64) error {
	if _, err := p.db.ExecContext(ctx, "UPDATE prices SET cents = ? WHERE product_id = ?", cents, id); err != nil {
		return err
	}
	p.put(id, cents)
	return nil
}

func (p *Prices) put(id, cents int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byID[id] = cents
}

// Log writes another table.
func (p *Prices) Log(ctx context.Context, id int64) error {
	_, err := p.db.ExecContext(ctx, "INSERT INTO price_log (product_id) VALUES (?)", id)
	return err
}

// RenameSKU writes prices by a key of another kind: the check cannot connect it.
func (p *Prices) RenameSKU(ctx context.Context, sku, name string) error {
	_, err := p.db.ExecContext(ctx, "UPDATE prices SET name = ? WHERE sku = ?", name, sku)
	return err
}

// Rates is a TTL cache: a sweeper drops expired entries.
type Rates struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]rate
}

type rate struct {
	value   float64
	expires time.Time
}

func (r *Rates) Rate(ctx context.Context, currency string) (float64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.m[currency]; ok {
		return e.value, nil
	}
	var v float64
	if err := r.db.QueryRowContext(ctx, "SELECT value FROM rates WHERE currency = ?", currency).Scan(&v); err != nil {
		return 0, err
	}
	r.m[currency] = rate{value: v, expires: time.Now().Add(time.Minute)}
	return v, nil
}

func (r *Rates) sweep(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, e := range r.m {
		if now.After(e.expires) {
			delete(r.m, k)
		}
	}
}

func (r *Rates) SetRate(ctx context.Context, currency string, v float64) error {
	_, err := r.db.ExecContext(ctx, "UPDATE rates SET value = ? WHERE currency = ?", v, currency)
	return err
}

// Stock is held in a bounded LRU: entries are evicted.
type Stock struct {
	db    *sql.DB
	cache *lru.Cache[string, int]
}

func (s *Stock) Count(ctx context.Context, sku string) (int, error) {
	if n, ok := s.cache.Get(sku); ok {
		return n, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT n FROM stock WHERE sku = ?", sku).Scan(&n); err != nil {
		return 0, err
	}
	s.cache.Add(sku, n)
	return n, nil
}

func (s *Stock) Take(ctx context.Context, sku string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE stock SET n = n - 1 WHERE sku = ?", sku)
	return err
}

// Settings are loaded once at start-up, not per key.
type Settings struct {
	db *sql.DB
	m  map[string]string
}

func (s *Settings) Load(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		s.m[k] = v
	}
	return rows.Err()
}

func (s *Settings) Get(key string) string { return s.m[key] }

func (s *Settings) Set(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = ?", value, key)
	return err
}

// Profiles caches by id, while profiles are changed by email: the write
// cannot be tied to an entry, and no entry is ever dropped.
type Profiles struct {
	db   *sql.DB
	mu   sync.Mutex
	byID map[int64]string
}

func (p *Profiles) Bio(ctx context.Context, id int64) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.byID[id]; ok {
		return b, nil
	}
	var bio string
	if err := p.db.QueryRowContext(ctx, "SELECT bio FROM profiles WHERE id = ?", id).Scan(&bio); err != nil {
		return "", err
	}
	p.byID[id] = bio // want `cache Profiles.byID holds rows of table profiles and never drops an entry, but Profiles.SetBio changes that table`
	return bio, nil
}

func (p *Profiles) SetBio(ctx context.Context, email, bio string) error {
	_, err := p.db.ExecContext(ctx, "UPDATE profiles SET bio = ? WHERE email = ?", bio, email)
	return err
}

// Signup only inserts new rows: the cache cannot hold them yet.
func (p *Profiles) Signup(ctx context.Context, email string) error {
	_, err := p.db.ExecContext(ctx, "INSERT INTO profiles (email) VALUES (?)", email)
	return err
}
