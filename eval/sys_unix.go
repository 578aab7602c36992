//go:build unix

package eval

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive advisory lock (flock) on f without waiting:
// ErrTaskBusy when another open file (another process, or another Run of
// this one) holds it. The lock goes with f's close or the process's end,
// so a killed run leaves none behind. Where the file system has no flock
// (some network file systems answer ENOLCK or EOPNOTSUPP) the run goes on
// unlocked, as one process per folder.
func tryLock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return ErrTaskBusy
		case errors.Is(err, syscall.EINTR):
			continue
		default:
			return nil
		}
	}
}

// lockWait takes an exclusive advisory lock on f, waiting for it (no lock
// where the file system has none, as tryLock).
func lockWait(f *os.File) {
	for errors.Is(syscall.Flock(int(f.Fd()), syscall.LOCK_EX), syscall.EINTR) {
	}
}

// processCPU returns the CPU time (user and system, all threads) the
// process has used so far, in seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return tvSeconds(ru.Utime) + tvSeconds(ru.Stime)
}

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }
