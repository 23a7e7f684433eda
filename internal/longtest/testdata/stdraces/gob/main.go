package main

import (
	"bytes"
	"encoding/gob"
	"sync"
)

// Decoder is documented safe for concurrent use; Decode with a non-pointer
// writes dec.err without dec.mutex while DecodeValue writes it under it.
func main() {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for i := 0; i < 1000; i++ {
		enc.Encode(i)
	}
	dec := gob.NewDecoder(&buf)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 500; i++ {
			var v int
			dec.Decode(&v)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 500; i++ {
			dec.Decode(0)
		}
	}()
	wg.Wait()
}
