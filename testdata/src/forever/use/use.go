package use

import "forever/lib"

func Wrap() { // want `Wrap: through lib.Via, lib.go:15`
	_ = lib.Via()
}

func Cond(ok bool) {
	if ok {
		lib.Loop()
	}
}

func Safe() { lib.Maybe(true) }
