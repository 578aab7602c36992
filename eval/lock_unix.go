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
// so a killed run leaves none behind.
func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrTaskBusy
	}
	return err
}

// lockWait takes an exclusive advisory lock on f, waiting for it.
func lockWait(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }
