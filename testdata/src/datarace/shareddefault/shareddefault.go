// Package shareddefault hands out a shared empty value.
package shareddefault

// Resource describes what produces telemetry.
type Resource struct {
	schemaURL string
	attrs     []string
}

var emptyResource Resource

// NewSchemaless returns the shared empty resource when there is nothing to
// describe.
func NewSchemaless(attrs ...string) *Resource {
	if len(attrs) == 0 {
		return &emptyResource
	}
	return &Resource{attrs: attrs}
}

// NewWithAttributes sets the schema on what NewSchemaless returned, which
// may be the shared empty resource.
func NewWithAttributes(schemaURL string, attrs ...string) *Resource {
	r := NewSchemaless(attrs...)
	r.schemaURL = schemaURL // want `this writes schemaURL of what NewSchemaless returned, which on one path is &emptyResource`
	return r
}

// NewCopied copies what NewSchemaless returned before setting the schema.
func NewCopied(schemaURL string, attrs ...string) *Resource {
	r := *NewSchemaless(attrs...)
	r.schemaURL = schemaURL
	return &r
}

func fresh(attrs []string) *Resource { return &Resource{attrs: attrs} }

// NewFresh sets the schema on a resource it has just made.
func NewFresh(schemaURL string, attrs ...string) *Resource {
	r := fresh(attrs)
	r.schemaURL = schemaURL
	return r
}
