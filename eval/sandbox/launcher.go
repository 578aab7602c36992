//go:build linux

package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// launchEnv carries the launchConfig (JSON) to the re-executed binary.
const launchEnv = "HYOKA_SANDBOX_LAUNCH"

// launcherErrPrefix starts the launcher's own error messages. They go to
// file descriptor 3 (a pipe Run reads, closed on exec so that the program
// never holds it), so that Run can tell a broken sandbox from a failing
// program whatever the program prints; without that pipe, to stderr.
const launcherErrPrefix = "hyoka-sandbox: "

// errFD is the launcher's end of Run's error pipe (cmd.ExtraFiles[0]).
const errFD = 3

// launchConfig is what the launcher needs to confine and start the program.
type launchConfig struct {
	Python   string `json:"python"`
	Dir      string `json:"dir"`
	CPU      int    `json:"cpu"`
	Mem      int64  `json:"mem"`
	NProc    int    `json:"nproc"`
	FSize    int64  `json:"fsize"`
	Isolated bool   `json:"isolated"` // set up the read-only mounts (in new namespaces)
	Probe    bool   `json:"probe"`    // set up, then exit 0 instead of running Python
	DropTo   int    `json:"drop_to"`  // uid and gid to switch to after set-up, or -1
}

func init() {
	v, ok := os.LookupEnv(launchEnv)
	if !ok {
		return
	}
	var cfg launchConfig
	if err := json.Unmarshal([]byte(v), &cfg); err != nil {
		launcherFail(err)
	}
	if cfg.Probe {
		cfg.DropTo = -1
	}
	launcherFail(launch(cfg)) // launch returns only on failure
}

func launcherFail(err error) {
	w := os.Stderr
	if _, e := unix.FcntlInt(errFD, unix.F_GETFD, 0); e == nil {
		w = os.NewFile(errFD, "sandbox-errors")
	}
	fmt.Fprintf(w, "%s%v\n", launcherErrPrefix, err)
	os.Exit(127)
}

// launch confines the current process (already in its namespaces) and
// replaces it with the interpreter running program.py.
func launch(cfg launchConfig) error {
	if cfg.Isolated {
		if err := readOnlyExcept(cfg.Dir); err != nil {
			return err
		}
	}
	if cfg.Probe {
		os.Exit(0)
	}
	if cfg.DropTo >= 0 {
		if err := unix.Setgroups(nil); err != nil {
			return fmt.Errorf("setgroups: %w", err)
		}
		if err := unix.Setresgid(cfg.DropTo, cfg.DropTo, cfg.DropTo); err != nil {
			return fmt.Errorf("setresgid: %w", err)
		}
		if err := unix.Setresuid(cfg.DropTo, cfg.DropTo, cfg.DropTo); err != nil {
			return fmt.Errorf("setresuid: %w", err)
		}
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	if err := os.Chdir(cfg.Dir); err != nil {
		return err
	}
	if _, err := unix.FcntlInt(errFD, unix.F_SETFD, unix.FD_CLOEXEC); err != nil {
		return fmt.Errorf("error pipe: %w", err)
	}
	env := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + cfg.Dir, "TMPDIR=" + cfg.Dir, "LANG=C.UTF-8"}
	argv := []string{cfg.Python, "-I", "-B", "program.py"}
	path, err := unix.BytePtrFromString(cfg.Python)
	if err != nil {
		return err
	}
	argvp, err := cStrings(argv)
	if err != nil {
		return err
	}
	envp, err := cStrings(env)
	if err != nil {
		return err
	}
	limits := [...]struct {
		res int
		lim unix.Rlimit
	}{
		{unix.RLIMIT_CORE, unix.Rlimit{}},
		{unix.RLIMIT_FSIZE, unix.Rlimit{Cur: uint64(cfg.FSize), Max: uint64(cfg.FSize)}},
		{unix.RLIMIT_NPROC, unix.Rlimit{Cur: uint64(cfg.NProc), Max: uint64(cfg.NProc)}},
		{unix.RLIMIT_CPU, unix.Rlimit{Cur: uint64(cfg.CPU), Max: uint64(cfg.CPU)}},
		{unix.RLIMIT_AS, unix.Rlimit{Cur: uint64(cfg.Mem), Max: uint64(cfg.Mem)}},
	}
	// From here to execve nothing may allocate: under RLIMIT_AS the Go heap
	// cannot grow (its address space reservations exceed small limits), so
	// the limits are set and the interpreter started with raw system calls.
	runtime.LockOSThread()
	for i := range limits {
		if _, _, e := unix.RawSyscall6(unix.SYS_PRLIMIT64, 0, uintptr(limits[i].res),
			uintptr(unsafe.Pointer(&limits[i].lim)), 0, 0, 0); e != 0 {
			return fmt.Errorf("setrlimit %d: %w", limits[i].res, e)
		}
	}
	_, _, e := unix.RawSyscall(unix.SYS_EXECVE, uintptr(unsafe.Pointer(path)),
		uintptr(unsafe.Pointer(&argvp[0])), uintptr(unsafe.Pointer(&envp[0])))
	runtime.KeepAlive(path)
	runtime.KeepAlive(argvp)
	runtime.KeepAlive(envp)
	return fmt.Errorf("exec %s: %w", cfg.Python, e)
}

// readOnlyExcept makes every mount of this (new, private) mount namespace
// read-only, except a bind mount of dir.
func readOnlyExcept(dir string) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if err := unix.Mount(dir, dir, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s: %w", dir, err)
	}
	if err := unix.MountSetattr(unix.AT_FDCWD, "/", unix.AT_RECURSIVE, &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY}); err != nil {
		return fmt.Errorf("read-only /: %w", err)
	}
	if err := unix.MountSetattr(unix.AT_FDCWD, dir, 0, &unix.MountAttr{Attr_clr: unix.MOUNT_ATTR_RDONLY}); err != nil {
		return fmt.Errorf("writable %s: %w", dir, err)
	}
	return nil
}

// cStrings is a NULL-terminated array of C strings for execve.
func cStrings(ss []string) ([]*byte, error) {
	out := make([]*byte, len(ss)+1)
	for i, s := range ss {
		p, err := unix.BytePtrFromString(s)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}
