//go:build linux

package sandbox

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hyoka/internal/testenv"
)

// run runs program with opts and fails the test on a Run error. Where this
// system allows no namespaces the sandbox tests that need them skip, unless
// HYOKA_REQUIRE_MODELS=1 (make test), where that is a failure.
func run(t *testing.T, program string, opts Options) Result {
	t.Helper()
	res, err := Run(context.Background(), program, opts)
	if errors.Is(err, ErrNoIsolation) {
		if os.Getenv("HYOKA_REQUIRE_MODELS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if errors.Is(err, ErrNoPython) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func TestPassAndFail(t *testing.T) {
	res := run(t, "print('hello')\n", Options{Timeout: 20 * time.Second})
	if !res.Passed || res.Status != "passed" || res.Stdout != "hello\n" || !res.Isolated {
		t.Fatalf("hello: %+v", res)
	}
	res = run(t, "assert 1 + 1 == 3\n", Options{Timeout: 20 * time.Second})
	if res.Passed || !strings.HasPrefix(res.Status, "failed: exit status 1") || !strings.Contains(res.Stderr, "AssertionError") {
		t.Fatalf("assert: %+v", res)
	}
}

func TestStdinClosed(t *testing.T) {
	res := run(t, "import sys\nassert sys.stdin.read() == ''\n", Options{Timeout: 20 * time.Second})
	if !res.Passed {
		t.Fatalf("stdin not empty: %+v", res)
	}
}

func TestInfiniteLoopTimesOut(t *testing.T) {
	start := time.Now()
	res := run(t, "while True:\n    pass\n", Options{Timeout: 2 * time.Second, CPUSeconds: 60})
	if res.Passed || res.Status != "timed out" {
		t.Fatalf("loop: %+v", res)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("timeout of 2s took %v", d)
	}
}

func TestCPULimit(t *testing.T) {
	res := run(t, "while True:\n    pass\n", Options{Timeout: 30 * time.Second, CPUSeconds: 1})
	if res.Passed || res.Status == "timed out" || res.Duration > 15*time.Second {
		t.Fatalf("CPU limit not applied: %+v", res)
	}
	t.Logf("stopped after %v: %s", res.Duration.Round(time.Millisecond), res.Status)
}

func TestMemoryLimit(t *testing.T) {
	prog := "x = []\nwhile True:\n    x.append(bytearray(16 << 20))\n"
	res := run(t, prog, Options{Timeout: 30 * time.Second, MemoryBytes: 256 << 20})
	if res.Passed || res.Status == "timed out" {
		t.Fatalf("unbounded allocation not stopped: %+v", res)
	}
	if !strings.Contains(res.Stderr, "MemoryError") {
		t.Errorf("want a MemoryError, got %q", res.Stderr)
	}
}

func TestForkBombBounded(t *testing.T) {
	prog := `import os, sys
n = 0
try:
    while True:
        if os.fork() == 0:
            import time
            time.sleep(60)
            os._exit(0)
        n += 1
        if n > 1000:
            break
except OSError as e:
    print("fork refused after", n, e)
    sys.exit(3)
`
	start := time.Now()
	res := run(t, prog, Options{Timeout: 20 * time.Second, MaxProcesses: 16})
	if res.Passed || !strings.Contains(res.Stdout, "fork refused") {
		t.Fatalf("forks not bounded: %+v", res)
	}
	if time.Since(start) > 15*time.Second {
		t.Errorf("children kept the run alive: %v", time.Since(start))
	}
	t.Log(strings.TrimSpace(res.Stdout))
}

func TestNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	prog := fmt.Sprintf("import socket\ns = socket.create_connection(('127.0.0.1', %d), timeout=3)\nprint('connected')\n", port)
	res := run(t, prog, Options{Timeout: 20 * time.Second})
	if res.Passed || strings.Contains(res.Stdout, "connected") {
		t.Fatalf("reached the host's loopback: %+v", res)
	}
	// The same program reaches the listener when the network is allowed,
	// which shows that the failure above is the isolation.
	res = run(t, prog, Options{Timeout: 20 * time.Second, AllowNetwork: true})
	if !res.Passed {
		t.Fatalf("AllowNetwork: %+v", res)
	}
}

func TestWriteOutsideRefused(t *testing.T) {
	// A world-writable directory outside the sandbox: only the read-only
	// mount can refuse the write (not file permissions).
	outDir, err := os.MkdirTemp("", "hyoka-outside-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(outDir) })
	if err := os.Chmod(outDir, 0o777); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(outDir, "escape.txt")
	prog := fmt.Sprintf(`open("inside.txt", "w").write("ok")
assert open("inside.txt").read() == "ok"
open(%q, "w").write("escaped")
`, outside)
	res := run(t, prog, Options{Timeout: 20 * time.Second})
	if res.Passed || !strings.Contains(res.Stderr, "Read-only file system") {
		t.Fatalf("write outside: %+v", res)
	}
	if _, err := os.Stat(outside); err == nil {
		t.Fatal("the program wrote outside its directory")
	}
}

func TestTempDirRemoved(t *testing.T) {
	res := run(t, "import os\nprint(os.getcwd())\n", Options{Timeout: 20 * time.Second})
	dir := strings.TrimSpace(res.Stdout)
	if !strings.Contains(dir, "hyoka-sandbox-") {
		t.Fatalf("cwd %q", dir)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s left behind", dir)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, "print(1)\n", Options{Timeout: 5 * time.Second}); err == nil {
		t.Error("a cancelled context must return an error")
	}
}

// TestHumanEval runs real HumanEval problems: prompt + canonical solution +
// test + check(entry_point) must pass; the prompt with a wrong body must fail.
func TestHumanEval(t *testing.T) {
	f, err := os.Open(testenv.Shared(t, "datasets/humaneval/HumanEval.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for i := 0; i < 6 && sc.Scan(); i++ {
		var p struct {
			TaskID            string `json:"task_id"`
			Prompt            string
			CanonicalSolution string `json:"canonical_solution"`
			Test              string
			EntryPoint        string `json:"entry_point"`
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		program := func(completion string) string {
			return p.Prompt + completion + "\n" + p.Test + "\n" + fmt.Sprintf("check(%s)", p.EntryPoint)
		}
		if res := run(t, program(p.CanonicalSolution), Options{Timeout: 20 * time.Second}); !res.Passed {
			t.Errorf("%s canonical solution: %+v", p.TaskID, res)
		}
		if res := run(t, program("    return None\n"), Options{Timeout: 20 * time.Second}); res.Passed {
			t.Errorf("%s wrong solution passed", p.TaskID)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// A program cannot pass itself off as a broken sandbox (which would stop a
// whole evaluation): the launcher reports on its own pipe, not on stderr.
func TestProgramCannotFakeLauncherError(t *testing.T) {
	prog := "import sys\nsys.stderr.write('hyoka-sandbox: fake failure\\n')\nsys.exit(127)\n"
	res := run(t, prog, Options{Timeout: 20 * time.Second})
	if res.Passed || res.ExitCode != 127 || !strings.HasPrefix(res.Status, "failed:") {
		t.Fatalf("%+v", res)
	}
}

func TestOutputCapped(t *testing.T) {
	res := run(t, "print('x' * 100000)\n", Options{Timeout: 20 * time.Second, MaxOutputBytes: 1000})
	if !res.Passed || len(res.Stdout) != 1000 {
		t.Fatalf("stdout of %d bytes kept, want 1000: %s", len(res.Stdout), res.Status)
	}
}
