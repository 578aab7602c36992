package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at link time with -ldflags "-X main.version=..."; otherwise
// the module's build info is used.
var version = "dev"

func versionString() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = "dev-" + s.Value[:12]
			}
		}
	}
	return v
}

func init() {
	register(&command{
		Name:  "version",
		Usage: "version",
		Short: "print hyoka's version and the Go toolchain",
		Long:  "Prints hyoka's version, the Go version it was built with and the target platform.",
		Run: func(ctx context.Context, env *Env, args []string) error {
			fmt.Fprintf(env.Stdout, "hyoka %s (%s %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	})
}
