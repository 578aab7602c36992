package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCmd runs hyoka in-process and returns its exit status, stdout and stderr.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestUnknownCommand(t *testing.T) {
	code, _, stderr := runCmd(t, "frobnicate")
	if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Fatalf("code %d, stderr %q", code, stderr)
	}
}

func TestHelpListsCommands(t *testing.T) {
	code, stdout, _ := runCmd(t, "help")
	if code != 0 {
		t.Fatalf("code %d", code)
	}
	for name := range commands {
		if !strings.Contains(stdout, name) {
			t.Errorf("help does not list %q", name)
		}
	}
}

func TestParseFlagsInterspersed(t *testing.T) {
	c := &command{Name: "x", Usage: "x"}
	fs := newFlags(c, &Env{Stderr: &bytes.Buffer{}})
	j := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, []string{"a.gguf", "--json", "b"})
	if err != nil || !*j || len(pos) != 2 || pos[0] != "a.gguf" || pos[1] != "b" {
		t.Fatalf("pos %v json %v err %v", pos, *j, err)
	}
}
