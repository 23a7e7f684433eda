package main

import (
	"io"
	"runtime/trace"
	"sync"
	"time"
)

// Stop is documented to block until concurrent WriteTo calls complete,
// yet it sets fr.ring to nil without fr.ringMu while WriteTo reads it
// under the lock once its trace flush returns.
func main() {
	for i := 0; i < 1000; i++ {
		fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{})
		if err := fr.Start(); err != nil {
			panic(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			fr.WriteTo(io.Discard)
		}()
		time.Sleep(time.Duration(i%100) * 30 * time.Microsecond)
		fr.Stop()
		wg.Wait()
	}
}
