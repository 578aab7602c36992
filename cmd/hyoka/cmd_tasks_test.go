package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTasksList(t *testing.T) {
	code, out, errs := runCmd(t, "tasks")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, name := range []string{"jcommonsenseqa", "jmmlu", "mgsm_ja", "openbookqa", "hellaswag", "xwinograd_en", "mmlu", "gsm8k", "bbh", "triviaqa"} {
		if !strings.Contains(out, name) {
			t.Errorf("tasks does not list %s:\n%s", name, out)
		}
	}
}

func TestTasksShow(t *testing.T) {
	code, out, errs := runCmd(t, "tasks", "show", "mmlu", "--doc", "1")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{"document 1 of 14042", "about abstract algebra.\n", `choice 0: continuation " A"`, "(gold)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, "tasks", "show", "gsm8k", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var d shownDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d.Prompt, "\nAnswer:") || d.Task.MaxTokens != 256 || !strings.Contains(d.Target, "#### 18") {
		t.Errorf("gsm8k doc 0: %+v", d)
	}
}

func TestTasksErrors(t *testing.T) {
	for _, args := range [][]string{
		{"tasks", "show", "nosuchtask"},
		{"tasks", "show", "mgsm_ja", "--doc", "250"},
		{"tasks", "show"},
		{"tasks", "frob"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCmd(t, "tasks", "show", "mmlu", "--data", t.TempDir()); code != 1 || !strings.Contains(errs, "mmlu") {
		t.Errorf("missing data: exit %d, %s", code, errs)
	}
}
