//go:build linux

package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Run executes program with the interpreter in a fresh temporary directory
// (as program.py, the working directory) and reports how it ended. The
// returned error is non-nil only when the program could not be run at all
// (no interpreter, no isolation and AllowNetwork unset, a temporary
// directory that cannot be made) or when ctx itself was cancelled; a
// failing, looping or misbehaving program gives a Result with Passed false
// and a nil error.
func Run(ctx context.Context, program string, opts Options) (Result, error) {
	opts = opts.withDefaults()
	python, err := resolvePython(opts.Python)
	if err != nil {
		return Result{}, err
	}
	iso := namespacesAllowed()
	if !iso && !opts.AllowNetwork {
		return Result{}, ErrNoIsolation
	}
	dir, err := os.MkdirTemp("", "hyoka-sandbox-")
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "program.py"), []byte(program), 0o644); err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	dropTo := -1
	if iso && os.Getuid() == 0 {
		dropTo = nobody
		for _, p := range []string{dir, filepath.Join(dir, "program.py")} {
			if err := os.Chown(p, nobody, nobody); err != nil {
				return Result{}, fmt.Errorf("sandbox: %w", err)
			}
		}
		if python, err = worldExecutable(python); err != nil {
			return Result{}, err
		}
	}
	cfg := launchConfig{
		Python:   python,
		Dir:      dir,
		CPU:      opts.CPUSeconds,
		Mem:      opts.MemoryBytes,
		NProc:    opts.MaxProcesses,
		FSize:    opts.MaxFileBytes,
		Isolated: iso,
		DropTo:   dropTo,
	}
	runCtx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	cmd, err := launcherCommand(runCtx, cfg, iso, !opts.AllowNetwork)
	if err != nil {
		return Result{}, err
	}
	stdout := &capped{max: opts.MaxOutputBytes}
	stderr := &capped{max: opts.MaxOutputBytes}
	cmd.Stdin = nil // /dev/null
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Dir = dir
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = time.Second
	errR, errW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: %w", err)
	}
	defer errR.Close()
	cmd.ExtraFiles = []*os.File{errW} // fd 3 in the launcher

	start := time.Now()
	err = cmd.Start()
	errW.Close()
	if err != nil {
		return Result{}, fmt.Errorf("sandbox: start launcher: %w", err)
	}
	launchErr := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(errR, 64<<10))
		launchErr <- strings.TrimSpace(string(b))
	}()
	waitErr := cmd.Wait()
	_ = killGroup(cmd) // whatever is left of the process group
	lerr := <-launchErr
	res := Result{
		Stdout:   stdout.String(),
		Stderr:   stderr.String(),
		Isolated: iso,
		Duration: time.Since(start),
		ExitCode: cmd.ProcessState.ExitCode(),
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("sandbox: %w", ctx.Err())
	}
	switch {
	case runCtx.Err() != nil:
		res.Status = "timed out"
	case waitErr == nil:
		res.Passed, res.Status = true, "passed"
	default:
		if lerr != "" {
			return res, fmt.Errorf("sandbox: %s", lerr)
		}
		res.Status = "failed: " + waitErr.Error()
	}
	return res, nil
}

func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	pid := cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	return syscall.Kill(pid, syscall.SIGKILL)
}

// capped keeps the first max bytes written and discards the rest.
type capped struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// launcherCommand builds the re-execution of this binary as the launcher.
func launcherCommand(ctx context.Context, cfg launchConfig, iso, newNet bool) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("sandbox: locate launcher: %w", err)
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	cmd := exec.CommandContext(ctx, self)
	cmd.Args = []string{"hyoka-sandbox"}
	cmd.Env = []string{launchEnv + "=" + string(b)}
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if iso {
		attr.Cloneflags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWIPC
		if newNet {
			attr.Cloneflags |= syscall.CLONE_NEWNET
		}
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
		if os.Getuid() == 0 {
			// Root is exempt from RLIMIT_NPROC and may raise hard limits:
			// the launcher drops to nobody, mapped to itself.
			attr.UidMappings = append(attr.UidMappings, syscall.SysProcIDMap{ContainerID: nobody, HostID: nobody, Size: 1})
			attr.GidMappings = append(attr.GidMappings, syscall.SysProcIDMap{ContainerID: nobody, HostID: nobody, Size: 1})
			attr.GidMappingsEnableSetgroups = true
		}
	}
	cmd.SysProcAttr = attr
	return cmd, nil
}

// nobody is the user and group a root caller's programs run as.
const nobody = 65534

// worldExecutable returns python if every directory on its path is
// searchable and the file executable by others (programs of a root caller
// run as nobody); otherwise the first such system python3, or ErrNoPython.
func worldExecutable(python string) (string, error) {
	ok := func(p string) bool {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return false
		}
		for d := real; ; d = filepath.Dir(d) {
			st, err := os.Stat(d)
			if err != nil || st.Mode().Perm()&0o001 == 0 {
				return false
			}
			if d == "/" {
				return true
			}
		}
	}
	if ok(python) {
		return python, nil
	}
	for _, p := range []string{"/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"} {
		if ok(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: %s is not executable by nobody, and no system python3 is", ErrNoPython, python)
}

var (
	nsOnce sync.Once
	nsOK   bool
)

// namespacesAllowed reports, once per process, whether a launcher can be
// started in new user, mount, PID, IPC and network namespaces and can set
// up the read-only file system there.
func namespacesAllowed() bool {
	nsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cmd, err := launcherCommand(ctx, launchConfig{Probe: true, Isolated: true, Dir: os.TempDir(), DropTo: -1}, true, true)
		if err != nil {
			return
		}
		nsOK = cmd.Run() == nil
	})
	return nsOK
}

var pythons sync.Map // name -> resolved path

// resolvePython returns the real interpreter behind name (following shims
// such as pyenv's, which need an environment the sandbox does not give).
func resolvePython(name string) (string, error) {
	if p, ok := pythons.Load(name); ok {
		return p.(string), nil
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoPython, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrNoPython, path, err)
	}
	real := strings.TrimSpace(string(out))
	if real == "" {
		real = path
	}
	pythons.Store(name, real)
	return real, nil
}
