// Package structcopy returns cached structs by value.
package structcopy

import "sync"

type Entry struct {
	Name string
	Tags []string
}

type Point struct{ X, Y int }

type Cache struct {
	mu     sync.Mutex
	m      map[string]Entry
	points map[string]Point
}

func load(k string) Entry { return Entry{Name: k, Tags: []string{k}} }

// Get copies the Entry, but not its Tags.
func (c *Cache) Get(k string) Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		return e // want `Cache\.Get returns a copy of the Entry held in cache Cache\.m, but its field Tags still shares its slice with the cached one; .* so set it to slices\.Clone of itself in the copy`
	}
	e := load(k)
	c.m[k] = e
	return e // want `Cache\.Get returns a copy of the Entry held in cache Cache\.m`
}

// GetClone copies the Tags too.
func (c *Cache) GetClone(k string) Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		e = load(k)
		c.m[k] = e
	}
	e.Tags = append([]string(nil), e.Tags...)
	return e
}

// Pos returns a struct that holds no references: a full copy.
func (c *Cache) Pos(k string) Point {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.points[k]; ok {
		return p
	}
	p := Point{X: len(k)}
	c.points[k] = p
	return p
}
