// Package shallowclone copies maps.
package shallowclone

import "slices"

type Metadata map[string][]string

// Clone returns a deep copy of Metadata.
func (m Metadata) Clone() Metadata {
	md := make(Metadata, len(m))
	for k, v := range m {
		md[k] = v // want `Metadata\.Clone copies m but not its \[\]string values: the copy and the original share each slice, so a change made through one shows in the other; store slices\.Clone of each value`
	}
	return md
}

func (m Metadata) Add(k, v string) { m[k] = append(m[k], v) }

type Labels map[string]map[string]string

// Copy copies the label sets.
func Copy(l Labels) Labels {
	out := make(Labels, len(l))
	for k, v := range l {
		out[k] = v // want `Copy copies l but not its map\[string\]string values`
	}
	return out
}

type Deep map[string][]string

// Clone copies each value.
func (d Deep) Clone() Deep {
	out := make(Deep, len(d))
	for k, v := range d {
		out[k] = slices.Clone(v)
	}
	return out
}

type Counts map[string]int

// Clone copies values that hold no references.
func (c Counts) Clone() Counts {
	out := make(Counts, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}

type Header map[string][]string

// Clone returns a shallow copy: values are shared by design.
func (h Header) Clone() Header {
	out := make(Header, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// merge is no clone: sharing the values is what it is asked to do.
func merge(dst, src Metadata) Metadata {
	out := make(Metadata, len(src))
	for k, v := range src {
		out[k] = v
	}
	return out
}
