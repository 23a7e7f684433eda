package main

import (
	"go/token"
)

// File.Lines returns f.lines itself after unlocking; MergeLine shifts its
// contents in place under the lock. The read of the table and MergeLine
// are ordered by nothing after Lines returns, so the race detector sees
// the race whichever runs first.
func main() {
	fset := token.NewFileSet()
	f := fset.AddFile("x.go", -1, 100000)
	lines := make([]int, 0, 10000)
	for i := 0; i < 10000; i++ {
		lines = append(lines, i*10)
	}
	f.SetLines(lines)
	merge, merged := make(chan bool), make(chan bool)
	go func() {
		<-merge
		f.MergeLine(1)
		close(merged)
	}()
	table := f.Lines()
	close(merge) // orders Lines before MergeLine, and nothing after
	s := 0
	for _, l := range table {
		s += l
	}
	<-merged
	_ = s
}
