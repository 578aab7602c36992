package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

// TestBenchModelJSON runs the model benchmark on the tiny stories260K and
// checks the JSON shape issue 5 specifies.
func TestBenchModelJSON(t *testing.T) {
	model := testenv.Model(t, "stories260K.gguf")
	for _, numerics := range []string{"exact", "fast", "llamacpp"} {
		args := []string{"bench", "-m", model, "-p", "16", "-n", "4", "-r", "3", "-t", "2", "--json"}
		if numerics != "exact" {
			args = append(args, "--"+numerics)
		}
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("code %d: %s", code, stderr)
		}
		var res []struct {
			Test             string
			Threads          int
			Numerics         string
			Median, Min, Max float64
			Runs             []float64
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("%v: %s", err, stdout)
		}
		if len(res) != 2 || res[0].Test != "pp16" || res[1].Test != "tg4" {
			t.Fatalf("tests %+v", res)
		}
		for _, r := range res {
			if r.Threads != 2 || r.Numerics != numerics || len(r.Runs) != 3 || !(r.Min > 0 && r.Min <= r.Median && r.Median <= r.Max) {
				t.Errorf("%+v", r)
			}
		}
	}
}

func TestBenchRequantAndErrors(t *testing.T) {
	model := testenv.Model(t, "stories260K.gguf")
	out := filepath.Join(t.TempDir(), "q8.gguf")
	if code, _, stderr := runCmd(t, "bench", "requant", "-type", "Q8_0", model, out); code != 0 {
		t.Fatalf("requant: code %d: %s", code, stderr)
	}
	if code, stdout, stderr := runCmd(t, "bench", "-m", out, "-p", "8", "-n", "2", "-r", "1"); code != 0 || !strings.Contains(stdout, "tg2") {
		t.Fatalf("bench of requantized model: code %d: %s %s", code, stdout, stderr)
	}
	if code, _, _ := runCmd(t, "bench"); code != 2 {
		t.Errorf("bench without -m: code %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "bench", "requant", "-type", "Q9_9", model, out); code != 2 {
		t.Errorf("requant to an unknown type: code %d, want 2", code)
	}
}
