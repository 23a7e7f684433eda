// Package sharedreorder sorts slices other objects keep.
package sharedreorder

import (
	"sort"

	"go.opentelemetry.io/otel/attribute"
)

type config struct {
	attrs []attribute.KeyValue
	names []string
	own   []string
}

type hook struct {
	attrs []attribute.KeyValue
	names []string
}

func newHook(conf *config) *hook {
	return &hook{attrs: conf.attrs, names: conf.names}
}

func (h *hook) labels() int { return len(h.attrs) + len(h.names) }

// poolAttrs builds a set from the configured attributes, which NewSet
// sorts in place under the hook that reads them.
func poolAttrs(conf *config) attribute.Set {
	return attribute.NewSet(conf.attrs...) // want `poolAttrs reorders conf.attrs in place \(attribute.NewSet rewrites its argument\), but the package also keeps that slice as hook.attrs, whose readers see it change under them; pass a copy, slices.Clone\(conf.attrs\)`
}

func sortNames(conf *config) {
	sort.Strings(conf.names) // want `sortNames reorders conf.names in place \(sort.Strings rewrites its argument\), but the package also keeps that slice as hook.names`
}

// copied builds the set from a copy.
func copied(conf *config) attribute.Set {
	return attribute.NewSet(append([]attribute.KeyValue(nil), conf.attrs...)...)
}

// listed passes separate values: NewSet gets an array of its own.
func listed(conf *config) attribute.Set {
	return attribute.NewSet(attribute.String("a", "b"), attribute.String("c", "d"))
}

// sortOwn sorts a slice nothing else keeps.
func sortOwn(conf *config) {
	sort.Strings(conf.own)
}

// sortInOwner sorts the field in a method of the type that declares it.
func (conf *config) sortInOwner() {
	sort.Strings(conf.names)
}
