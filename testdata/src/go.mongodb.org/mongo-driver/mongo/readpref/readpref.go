// Package readpref is a test stub of go.mongodb.org/mongo-driver/mongo/readpref.
package readpref

type ReadPref struct{}

func Primary() *ReadPref { return &ReadPref{} }
