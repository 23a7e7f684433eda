package captured

import (
	"log"
	"sync"
)

type agent struct{}

func (a *agent) runOutputs() error { return nil }
func (a *agent) runInputs() error  { return nil }

// Run's two loops both assign the one err of Run.
func (a *agent) Run() {
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err = a.runOutputs()
		if err != nil {
			log.Print(err)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		err = a.runInputs() // want `err is written here while the goroutine started on line 18 uses it too, and nothing orders the two goroutines`
		if err != nil {
			log.Print(err)
		}
	}()
	wg.Wait()
}

// RunOwn gives each loop its own variable.
func (a *agent) RunOwn() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := a.runOutputs(); err != nil {
			log.Print(err)
		}
	}()
	go func() {
		defer wg.Done()
		if err := a.runInputs(); err != nil {
			log.Print(err)
		}
	}()
	wg.Wait()
}

// RunLocked guards the shared error.
func (a *agent) RunLocked() error {
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := a.runOutputs(); err != nil {
			mu.Lock()
			first = err
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		if err := a.runInputs(); err != nil {
			mu.Lock()
			first = err
			mu.Unlock()
		}
	}()
	wg.Wait()
	return first
}

// RunSlots writes one result slot per goroutine.
func (a *agent) RunSlots() []error {
	errs := make([]error, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = a.runOutputs()
	}()
	go func() {
		defer wg.Done()
		errs[1] = a.runInputs()
	}()
	wg.Wait()
	return errs
}

// RunInTurn starts the second loop only after the first has reported.
func (a *agent) RunInTurn() error {
	var err error
	ready := make(chan struct{})
	go func() {
		err = a.runOutputs()
		close(ready)
	}()
	<-ready
	done := make(chan struct{})
	go func() {
		if err == nil {
			err = a.runInputs()
		}
		close(done)
	}()
	<-done
	return err
}
