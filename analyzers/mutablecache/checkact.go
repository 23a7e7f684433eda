package mutablecache

// CategoryCheckThenAct is the category of a load and a store of one key
// under separate critical sections.
const CategoryCheckThenAct = "check-then-act"

// checkThenAct reports a cache miss filled in a second critical section
// after the lookup's own: two goroutines both miss and both fill.
func (c *checker) checkThenAct() {}
