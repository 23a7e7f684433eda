// Package snapuse reads another package's snapshot through a fact.
package snapuse

import (
	"maps"
	"slices"

	"mutablecache/kinds/snapconfig"
)

// Tag changes the snapshot every reader of snapconfig shares.
func Tag(k, v string) {
	c := snapconfig.Current()
	c.Tags[k] = v // want `Tag writes an entry of the map\[string\]string from the snapshot Current returns`
}

// SortHosts sorts the shared slice in place.
func SortHosts() []string {
	hs := snapconfig.Hosts()
	slices.Sort(hs) // want `SortHosts sorts or modifies in place the \[\]string from the snapshot Hosts returns`
	return hs
}

// TagCOW publishes a changed copy.
func TagCOW(k, v string) {
	old := snapconfig.Current()
	next := &snapconfig.Config{Hosts: old.Hosts, Tags: maps.Clone(old.Tags)}
	next.Tags[k] = v
	snapconfig.Set(next)
}

// FirstHost only reads.
func FirstHost() string {
	if hs := snapconfig.Hosts(); len(hs) > 0 {
		return hs[0]
	}
	return ""
}
