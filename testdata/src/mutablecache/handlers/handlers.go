// Package handlers serves the users API from the caching service.
package handlers

import (
	"context"
	"slices"
	"sort"
	"strings"

	"mutablecache/repo"
	"mutablecache/usercache"
)

// API is the HTTP layer.
type API struct{ users *usercache.Service }

func (a *API) Promote(ctx context.Context, id int64) error {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return err
	}
	u.Roles = append(u.Roles, "admin") // want `API.Promote appends in place to the \[\]string from the cache behind User, which every other reader shares`
	return nil
}

func (a *API) Normalize(ctx context.Context, id int64) (*repo.User, error) {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return nil, err
	}
	u.Email = strings.ToLower(u.Email) // want `API.Normalize writes field Email of the \*repo.User from the cache behind User`
	return u, nil
}

// Display only reads.
func (a *API) Display(ctx context.Context, id int64) (string, error) {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return "", err
	}
	return strings.ToUpper(u.Name) + " <" + u.Email + ">", nil
}

// Preview modifies a local copy of the struct.
func (a *API) Preview(ctx context.Context, id int64, name string) (repo.User, error) {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return repo.User{}, err
	}
	c := *u
	c.Name = name
	return c, nil
}

func (a *API) SortedRoles(ctx context.Context, id int64) ([]string, error) {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return nil, err
	}
	sort.Strings(u.Roles) // want `API.SortedRoles sorts or modifies in place the \[\]string from the cache behind User`
	return u.Roles, nil
}

// SortedRolesCopy sorts its own copy.
func (a *API) SortedRolesCopy(ctx context.Context, id int64) ([]string, error) {
	u, err := a.users.User(ctx, id)
	if err != nil {
		return nil, err
	}
	roles := slices.Clone(u.Roles)
	sort.Strings(roles)
	return roles, nil
}

// Fresh mutates a value it built itself.
func (a *API) Fresh(name string) *repo.User {
	u := &repo.User{}
	u.Name = name
	return u
}
