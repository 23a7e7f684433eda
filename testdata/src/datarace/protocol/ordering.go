// Package protocol holds orderings that come from how code is arranged
// rather than from a lock: writes that can only happen before a goroutine
// starts, channels handed over through a field, handlers bound to a field.
package protocol

import "fmt"

var (
	output  = "stderr"
	verbose bool
)

// Run replaces a package variable only on one branch, then starts the
// goroutine that reads it: when both happen, the write is first.
func Run(jsonOut bool) {
	if jsonOut {
		output = "stdout"
	}
	done := make(chan bool)
	go func() {
		fmt.Println(output)
		done <- true
	}()
	<-done
}

// Loop writes the variable in a loop that also starts the goroutine: the
// second write races with the first goroutine.
func Loop(n int) {
	for i := 0; i < n; i++ {
		if i > 0 {
			verbose = true // want `verbose is read by the goroutine started in Loop while Loop writes it`
		}
		go func() {
			fmt.Println(verbose)
		}()
	}
}
