//go:build !unix

package eval

import "os"

// Without flock, runs into one folder are not guarded against each other:
// run one at a time there.
func tryLock(f *os.File) error { return nil }
func lockWait(f *os.File)      {}

// processCPU is not measured here: documents record no CPU time.
func processCPU() float64 { return 0 }
