// Package repo is the data layer: it reads and writes the users table.
package repo

import (
	"context"
	"database/sql"
)

// User is a row of the users table.
type User struct {
	ID    int64
	Name  string
	Email string
	Roles []string
}

// Users reads and writes users.
type Users struct{ db *sql.DB }

// New returns a repository over db.
func New(db *sql.DB) *Users { return &Users{db: db} }

func (r *Users) ByID(ctx context.Context, id int64) (*User, error) {
	u := &User{}
	err := r.db.QueryRowContext(ctx, "SELECT id, name, email FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name, &u.Email)
	return u, err
}

func (r *Users) Rename(ctx context.Context, id int64, name string) error {
	_, err := r.db.ExecContext(ctx, "UPDATE users SET name = $2 WHERE id = $1", id, name)
	return err
}

func (r *Users) Save(ctx context.Context, u *User) error {
	_, err := r.db.ExecContext(ctx, "UPDATE users SET name = $2, email = $3 WHERE id = $1", u.ID, u.Name, u.Email)
	return err
}

func (r *Users) Delete(ctx context.Context, id int64) error {
	return r.exec(ctx, id)
}

func (r *Users) exec(ctx context.Context, id int64) error {
	_, err := r.db.ExecContext(ctx, `DELETE FROM "users" WHERE id = $1`, id)
	return err
}

func (r *Users) Audit(ctx context.Context, id int64, action string) error {
	_, err := r.db.ExecContext(ctx, "INSERT INTO audit_log (user_id, action) VALUES ($1, $2)", id, action)
	return err
}

// Raw runs a query built at run time: the check cannot tell what it does.
func (r *Users) Raw(ctx context.Context, q string, id int64) error {
	_, err := r.db.ExecContext(ctx, q, id)
	return err
}
