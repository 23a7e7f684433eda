package usewrap

import "concurrency/wrap"

func start() {
	wrap.Go(func() {})      // want `spawn wrapper`
	wrap.GoNamed("x", work) // want `spawn wrapper body=work`
	wrap.Run(func() {})
	localGo(func() {}) // want `spawn wrapper`
}

func localGo(f func()) { go f() } // want `spawn go`

func work() {} // want `concurrent: spawn`
