// Package ttl: ttlcache's Get returns an item whose Value is the stored
// value itself.
package ttl

import (
	"maps"
	"slices"
	"time"

	"github.com/jellydator/ttlcache/v3"
)

// Plan is a billing plan.
type Plan struct {
	Name   string
	Limits map[string]int
}

// Plans caches plans and feature lists for a minute.
type Plans struct {
	plans    *ttlcache.Cache[string, *Plan]
	features *ttlcache.Cache[string, []string]
	load     func(id string) (*Plan, error)
	list     func(id string) []string
}

// Features returns the cached slice itself.
func (p *Plans) Features(id string) []string {
	if item := p.features.Get(id); item != nil {
		return item.Value() // want `Plans.Features returns the \[\]string slice held in cache Plans.features without copying it`
	}
	fs := p.list(id)
	p.features.Set(id, fs, time.Minute)
	return fs // want `Plans.Features returns the \[\]string slice held in cache Plans.features`
}

// FeaturesCopy returns a copy.
func (p *Plans) FeaturesCopy(id string) []string {
	if item := p.features.Get(id); item != nil {
		return slices.Clone(item.Value())
	}
	return nil
}

// Item hands out the item: its value is reached only through methods.
func (p *Plans) Item(id string) *ttlcache.Item[string, []string] {
	return p.features.Get(id)
}

// plan reads through the cache.
func (p *Plans) plan(id string) *Plan {
	if item := p.plans.Get(id); item != nil {
		return item.Value()
	}
	pl, err := p.load(id)
	if err != nil {
		return nil
	}
	p.plans.Set(id, pl, ttlcache.DefaultTTL)
	return pl
}

// Raise changes the plan every other reader of the cache gets.
func Raise(p *Plans, id, limit string) {
	pl := p.plan(id)
	pl.Limits[limit]++ // want `Raise writes an entry of the map\[string\]int from the cache behind plan`
}

// RaiseCopy changes a copy.
func RaiseCopy(p *Plans, id, limit string) *Plan {
	pl := *p.plan(id)
	pl.Limits = maps.Clone(pl.Limits)
	pl.Limits[limit]++
	return &pl
}

// Rename writes straight into the item's value.
func Rename(p *Plans, id, name string) {
	if item := p.plans.Get(id); item != nil {
		item.Value().Name = name // want `Rename writes field Name of the \*Plan from cache Plans.plans`
	}
}

// Limit only reads.
func Limit(p *Plans, id, limit string) int {
	if item := p.plans.Get(id); item != nil {
		return item.Value().Limits[limit]
	}
	return 0
}
