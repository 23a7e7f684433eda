// Package dal wraps the repository in helpers; facts carry what they read
// and write to the packages that call them.
package dal

import (
	"context"

	"mutablecache/repoiface/domain"
)

func Load(ctx context.Context, repo domain.UserRepository, id int64) (domain.User, error) {
	return repo.GetUser(ctx, id)
}

func Rename(ctx context.Context, repo domain.UserRepository, id int64, name string) error {
	return repo.UpdateName(ctx, id, name)
}
