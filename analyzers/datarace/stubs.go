package datarace

import "go/ast"

func (c *checker) guardedFields(generated func(ast.Node) bool) {}
func (c *checker) parallelTests(generated func(ast.Node) bool) {}
