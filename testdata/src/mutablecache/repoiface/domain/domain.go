// Package domain declares the user repository the service depends on.
package domain

import "context"

type User struct {
	ID   int64
	Name string
}

// UserRepository is implemented elsewhere (SQL, an ORM, a remote API).
type UserRepository interface {
	GetUser(ctx context.Context, id int64) (User, error)
	UpdateName(ctx context.Context, id int64, name string) error
	DeleteUser(ctx context.Context, id int64) error
	CreateUser(ctx context.Context, u User) (int64, error)
}

// Notifier only sends: it is not a store of records.
type Notifier interface {
	GetChannel(ctx context.Context, id int64) (string, error)
	Notify(ctx context.Context, id int64, msg string) error
}
