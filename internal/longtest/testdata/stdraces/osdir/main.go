package main

import (
	"os"
	"strconv"
	"sync"
)

// ReadDir holds d.mu while it refills and reads d.buf; Close pools d.buf
// and sets it nil without d.mu.
func main() {
	dir, _ := os.MkdirTemp("", "rd")
	defer os.RemoveAll(dir)
	for i := 0; i < 3000; i++ {
		os.WriteFile(dir+"/file-with-a-long-name-"+strconv.Itoa(i), nil, 0o644)
	}
	for n := 0; n < 200; n++ {
		f, err := os.Open(dir)
		if err != nil {
			panic(err)
		}
		f.ReadDir(1) // the dirInfo and its buffer exist from here on
		var wg sync.WaitGroup
		wg.Add(1)
		started := make(chan bool)
		go func() {
			defer wg.Done()
			f.ReadDir(1)
			close(started)
			for {
				if _, err := f.ReadDir(1); err != nil {
					return
				}
			}
		}()
		<-started
		f.Close()
		wg.Wait()
	}
}
