//go:build !linux

package sandbox

import (
	"context"
	"fmt"
)

// Run is only implemented on Linux: elsewhere it refuses to run generated
// code, wrapping ErrNoIsolation.
func Run(ctx context.Context, program string, opts Options) (Result, error) {
	return Result{}, fmt.Errorf("sandbox: not supported on this OS: %w", ErrNoIsolation)
}
