package main

import (
	"go/token"
	"sync"
)

// File.Lines returns f.lines itself after unlocking; MergeLine shifts its
// contents in place under the lock.
func main() {
	fset := token.NewFileSet()
	f := fset.AddFile("x.go", -1, 100000)
	lines := make([]int, 0, 10000)
	for i := 0; i < 10000; i++ {
		lines = append(lines, i*10)
	}
	f.SetLines(lines)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			f.MergeLine(1)
		}
	}()
	go func() {
		defer wg.Done()
		s := 0
		for i := 0; i < 100; i++ {
			for _, l := range f.Lines() {
				s += l
			}
		}
		_ = s
	}()
	wg.Wait()
}
