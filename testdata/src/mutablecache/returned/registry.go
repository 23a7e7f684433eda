package returned

// OptionSet is shaped like the standard library's flag.FlagSet: Define checks
// for a duplicate and stores a value built from what the caller handed in,
// including a method call on it. That is registration, not a cache fill, so
// Lookup handing out the *Option is the API, not an alias leak.
type OptionSet struct {
	formal map[string]*Option
}

type Value interface {
	String() string
	Set(string) error
}

type Option struct {
	Name     string
	Value    Value
	DefValue string
}

func (r *OptionSet) Define(value Value, name string) {
	if _, dup := r.formal[name]; dup {
		panic("option redefined: " + name)
	}
	r.formal[name] = &Option{Name: name, Value: value, DefValue: value.String()}
}

func (r *OptionSet) Lookup(name string) *Option {
	return r.formal[name]
}
