package main

import (
	"context"
	"fmt"
	"os"

	"github.com/msvclint/msvclint/analyzers"
	"github.com/msvclint/msvclint/internal/lsp"
)

// msvclint lsp serves the suite to an editor over stdio, beside gopls.
func init() {
	subcommands["lsp"] = func(args []string) int {
		// Some clients add --stdio, which is the only transport anyway.
		if len(args) > 1 || len(args) == 1 && args[0] != "--stdio" && args[0] != "-stdio" {
			fmt.Fprintln(os.Stderr, "usage: msvclint lsp (a Language Server Protocol server on stdin and stdout)")
			return 1
		}
		if err := lsp.Serve(context.Background(), os.Stdin, os.Stdout, os.Stderr, analyzers.Checks(), analyzers.Whole()); err != nil {
			fmt.Fprintf(os.Stderr, "msvclint lsp: %v\n", err)
			return 1
		}
		return 0
	}
}
