// Package missing imports a package no module provides.
package missing

import "example.com/nowhere/queue"

// Drain empties the queue.
func Drain(q *queue.Queue) {
	for q.Len() > 0 {
		go q.Pop()
	}
}
