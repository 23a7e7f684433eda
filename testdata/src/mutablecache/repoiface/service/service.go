// Package service caches users it reads through a repository interface.
package service

import (
	"context"
	"sync"

	"mutablecache/repoiface/dal"
	"mutablecache/repoiface/domain"
)

type Users struct {
	repo  domain.UserRepository
	notes domain.Notifier
	mu    sync.Mutex
	byID  map[int64]domain.User
	chans map[int64]string
}

func (s *Users) User(ctx context.Context, id int64) (domain.User, error) {
	s.mu.Lock()
	u, ok := s.byID[id]
	s.mu.Unlock()
	if ok {
		return u, nil
	}
	u, err := s.repo.GetUser(ctx, id)
	if err != nil {
		return domain.User{}, err
	}
	s.mu.Lock()
	s.byID[id] = u
	s.mu.Unlock()
	return u, nil
}

// Rename changes the row behind the cached user and leaves the cache alone.
func (s *Users) Rename(ctx context.Context, id int64, name string) error {
	return s.repo.UpdateName(ctx, id, name) // want `Users.Rename writes the records of repository domain.UserRepository through UpdateName but never updates cache Users.byID, which Users.User fills from it`
}

// RenameViaHelper writes through a helper of another package.
func (s *Users) RenameViaHelper(ctx context.Context, id int64, name string) error {
	return dal.Rename(ctx, s.repo, id, name) // want `Users.RenameViaHelper writes the records of repository domain.UserRepository through Rename but never updates cache Users.byID`
}

// Delete drops the cached entry after the write.
func (s *Users) Delete(ctx context.Context, id int64) error {
	if err := s.repo.DeleteUser(ctx, id); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.byID, id)
	s.mu.Unlock()
	return nil
}

// Create adds a row no cache entry can hold yet.
func (s *Users) Create(ctx context.Context, name string) (int64, error) {
	return s.repo.CreateUser(ctx, domain.User{Name: name})
}

// Channel caches what a notifier reports; notifying does not change it.
func (s *Users) Channel(ctx context.Context, id int64) (string, error) {
	s.mu.Lock()
	c, ok := s.chans[id]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := s.notes.GetChannel(ctx, id)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.chans[id] = c
	s.mu.Unlock()
	return c, nil
}

func (s *Users) Notify(ctx context.Context, id int64, msg string) error {
	return s.notes.Notify(ctx, id, msg)
}
