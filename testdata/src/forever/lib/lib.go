// Package lib has functions that start goroutines, some with no way out.
package lib

import (
	"context"
	"time"
)

func tick() {
	for range time.Tick(time.Second) {
	}
}

func Loop() { // want `Loop: lib.go:15`
	go tick()
}

func Closure() { // want `Closure: lib.go:19`
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
}

func Via() error { // want `Via: through lib.Loop, lib.go:15`
	Loop()
	return nil
}

// Maybe starts its loop on one path only.
func Maybe(on bool) {
	if on {
		go tick()
	}
}

// Stoppable's goroutine leaves when the context ends.
func Stoppable(ctx context.Context) {
	go func() {
		<-ctx.Done()
	}()
}

// Recovered still starts it on every call that returns normally.
func Recovered() { // want `Recovered: lib.go:48`
	defer func() { _ = recover() }()
	go tick()
}
