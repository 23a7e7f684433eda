// Package flight: a singleflight.Group hands one result to every caller
// that joined the call, so the result is shared like a cache entry.
package flight

import (
	"context"
	"slices"

	"golang.org/x/sync/singleflight"
)

// Profile is what the profile service returns.
type Profile struct {
	Name  string
	Roles []string
}

// Dir collapses concurrent lookups of one key into one call.
type Dir struct {
	g     singleflight.Group
	fetch func(ctx context.Context, key string) ([]string, error)
	load  func(ctx context.Context, user string) (*Profile, error)
}

// Members returns the one result every concurrent caller gets.
func (d *Dir) Members(ctx context.Context, group string) ([]string, error) {
	v, err, _ := d.g.Do(group, func() (interface{}, error) {
		return d.fetch(ctx, group)
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil // want `Dir.Members returns the \[\]string slice held in cache Dir.g without copying it`
}

// MembersCopy gives each caller its own copy.
func (d *Dir) MembersCopy(ctx context.Context, group string) ([]string, error) {
	v, err, _ := d.g.Do(group, func() (interface{}, error) {
		return d.fetch(ctx, group)
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]string)), nil
}

// Count only reads the shared result.
func (d *Dir) Count(ctx context.Context, group string) int {
	v, _, _ := d.g.Do(group, func() (interface{}, error) {
		return d.fetch(ctx, group)
	})
	members, _ := v.([]string)
	return len(members)
}

// MembersChan waits on DoChan, which delivers the same shared result.
func (d *Dir) MembersChan(ctx context.Context, group string) ([]string, error) {
	ch := d.g.DoChan(group, func() (interface{}, error) {
		return d.fetch(ctx, group)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.([]string), nil // want `Dir.MembersChan returns the \[\]string slice held in cache Dir.g`
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// MembersChanCopy copies what DoChan delivers.
func (d *Dir) MembersChanCopy(ctx context.Context, group string) []string {
	r := <-d.g.DoChan(group, func() (interface{}, error) {
		return d.fetch(ctx, group)
	})
	members, _ := r.Val.([]string)
	return slices.Clone(members)
}

// Refresh drops the in-flight call.
func (d *Dir) Refresh(group string) { d.g.Forget(group) }

// profile is the shared lookup behind the exported functions below.
func (d *Dir) profile(ctx context.Context, user string) *Profile {
	v, err, _ := d.g.Do("profile:"+user, func() (interface{}, error) {
		return d.load(ctx, user)
	})
	if err != nil {
		return nil
	}
	return v.(*Profile)
}

// Promote changes the profile every concurrent caller of profile got.
func Promote(ctx context.Context, d *Dir, user string) {
	p := d.profile(ctx, user)
	p.Roles = append(p.Roles, "admin") // want `Promote appends in place to the \[\]string from the cache behind profile`
}

// PromoteCopy changes its own copy.
func PromoteCopy(ctx context.Context, d *Dir, user string) []string {
	p := d.profile(ctx, user)
	return append(slices.Clone(p.Roles), "admin")
}

// Each call of Group.Do on a local group shares nothing with other
// requests: a local variable is not a store.
func Once(ctx context.Context, fetch func() ([]string, error)) []string {
	var g singleflight.Group
	v, _, _ := g.Do("k", func() (interface{}, error) { return fetch() })
	return v.([]string)
}
