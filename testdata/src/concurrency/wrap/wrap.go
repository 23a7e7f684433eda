// Package wrap has goroutine helpers that callers elsewhere use.
package wrap

func Go(f func()) { // want Go:`spawnsArg\[0\]`
	go func() {
		defer func() { _ = recover() }()
		f()
	}()
}

func GoNamed(name string, f func()) { // want GoNamed:`spawnsArg\[1\]`
	go f()
}

// Run calls f on the caller's goroutine: not a spawner.
func Run(f func()) { f() }

// Later starts something else, not its parameter.
func Later(f func()) {
	go other()
}

func other() {}
