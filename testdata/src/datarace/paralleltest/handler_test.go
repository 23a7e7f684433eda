package paralleltest

import (
	"sync"
	"testing"
)

var calls int

func TestPrice(t *testing.T) {
	seen := map[string]bool{}
	var total int
	results := make([]int, 3)
	var mu sync.Mutex
	var logged []string
	for i, sku := range []string{"a", "bb", "ccc"} {
		seen[sku] = false // before t.Parallel: the parent runs this sequentially
		t.Run(sku, func(t *testing.T) {
			t.Parallel()
			got := Price(sku)
			seen[sku] = true // want `seen is written by parallel subtests, which run at the same time as their siblings`
			total += got     // want `total is written by parallel subtests`
			calls++          // want `calls is written by parallel subtests`
			results[i] = got // each subtest its own element
			local := got * 2
			local++
			_ = local
			mu.Lock()
			logged = append(logged, sku)
			mu.Unlock()
		})
	}
	_ = total
}

func TestSequential(t *testing.T) {
	var total int
	for _, sku := range []string{"a", "bb"} {
		t.Run(sku, func(t *testing.T) {
			total += Price(sku) // no t.Parallel: subtests run one after another
		})
	}
}

func TestSiblings(t *testing.T) {
	var last string
	t.Run("a", func(t *testing.T) {
		t.Parallel()
		last = "a" // want `last is written by parallel subtests`
	})
	t.Run("b", func(t *testing.T) {
		t.Parallel()
		last = "b" // want `last is written by parallel subtests`
	})
	_ = last
}

func TestOwnFlags(t *testing.T) {
	ranA, ranB := false, false
	t.Run("group", func(t *testing.T) {
		t.Run("a", func(t *testing.T) {
			t.Parallel()
			ranA = true // no sibling touches ranA
		})
		t.Run("b", func(t *testing.T) {
			t.Parallel()
			ranB = true
		})
	})
	if !ranA || !ranB {
		t.Error("not run")
	}
}
