// Package usercache is a caching service in front of the users repository.
package usercache

import (
	"context"
	"sync"

	"mutablecache/repo"
)

// Service caches users by id.
type Service struct {
	mu    sync.RWMutex
	users map[int64]*repo.User
	repo  *repo.Users
}

func (s *Service) User(ctx context.Context, id int64) (*repo.User, error) {
	s.mu.RLock()
	u, ok := s.users[id]
	s.mu.RUnlock()
	if ok {
		return u, nil // want `Service.User returns the \*repo.User pointer held in cache Service.users`
	}
	u, err := s.repo.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.users[id] = u
	s.mu.Unlock()
	return u, nil // want `Service.User returns the \*repo.User pointer held in cache Service.users`
}

func (s *Service) Rename(ctx context.Context, id int64, name string) error {
	return s.repo.Rename(ctx, id, name) // want `Service.Rename writes table users through Rename but never updates cache Service.users, which Service.User fills from that table; other requests keep serving the old value until restart, so delete or overwrite the entry after the write succeeds`
}

// Delete invalidates after the write.
func (s *Service) Delete(ctx context.Context, id int64) error {
	if err := s.repo.Delete(ctx, id); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.users, id)
	s.mu.Unlock()
	return nil
}

// Save writes through: the cache gets the new row.
func (s *Service) Save(ctx context.Context, u *repo.User) error {
	if err := s.repo.Save(ctx, u); err != nil {
		return err
	}
	s.mu.Lock()
	s.users[u.ID] = u
	s.mu.Unlock()
	return nil
}

// ChangeEmail invalidates through a helper.
func (s *Service) ChangeEmail(ctx context.Context, u *repo.User) error {
	if err := s.repo.Save(ctx, u); err != nil {
		return err
	}
	s.forget(u.ID)
	return nil
}

func (s *Service) forget(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.users, id)
}

// Audit writes another table.
func (s *Service) Audit(ctx context.Context, id int64) error {
	return s.repo.Audit(ctx, id, "viewed")
}

// Raw runs a query the check cannot read: silent.
func (s *Service) Raw(ctx context.Context, q string, id int64) error {
	return s.repo.Raw(ctx, q, id)
}
