package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

func init() {
	subcommands["version"] = func(args []string) int { return version(os.Stdout, os.Stderr, args) }
}

// version prints what go version -m would say about the binary: msvclint's
// module version, the Go it was built with, and, with -m, every module built
// into it, so that a bug report names exactly what ran.
func version(stdout, stderr io.Writer, args []string) int {
	modules := len(args) == 1 && args[0] == "-m"
	if len(args) > 0 && !modules {
		fmt.Fprintln(stderr, "usage: msvclint version [-m]")
		return 2
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintf(stdout, "msvclint (no build information) %s\n", runtime.Version())
		return 0
	}
	fmt.Fprintf(stdout, "msvclint %s %s %s/%s\n", info.Main.Version, info.GoVersion, runtime.GOOS, runtime.GOARCH)
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" {
			fmt.Fprintf(stdout, "\t%s=%s\n", s.Key, s.Value)
		}
	}
	if modules {
		fmt.Fprint(stdout, info.String())
	}
	return 0
}
