package eval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hyoka/internal/testenv"
)

func TestMissingDataNamesFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "gsm8k"), 0o755)
	os.WriteFile(filepath.Join(dir, "gsm8k", "test.jsonl"), []byte(`{"question":"q","answer":"#### 1"}`+"\n"), 0o644)
	src, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	gsm, _ := Lookup("gsm8k")
	_, err = gsm.Instances(src, 0)
	if !errors.Is(err, ErrMissingData) || !strings.Contains(err.Error(), "gsm8k/train.jsonl") {
		t.Fatalf("error %v: want ErrMissingData naming gsm8k/train.jsonl", err)
	}
	for _, name := range []string{"mmlu", "bbh", "jmmlu"} {
		task, _ := Lookup(name)
		if _, err := task.Instances(src, 0); !errors.Is(err, ErrMissingData) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := OpenSource(filepath.Join(dir, "nope")); err == nil {
		t.Error("OpenSource of a missing folder succeeded")
	}
	if _, err := src.ReadFile("../etc/passwd"); err == nil {
		t.Error("path escaping the data folder accepted")
	}
}

// TestArchiveFolder reads the task archives from a folder (the eval/data
// layout made by scripts/pack-datasets.sh) through OpenSource.
func TestArchiveFolder(t *testing.T) {
	src, err := OpenSource("data")
	if err != nil {
		t.Fatal(err)
	}
	b, err := src.ReadFile("mgsm_ja/LICENSE")
	if err != nil || len(b) == 0 {
		t.Fatalf("LICENSE from archive: %v", err)
	}
	for _, task := range []string{"jcommonsenseqa", "mmlu", "hellaswag", "jsquad", "humaneval"} {
		if _, err := src.ReadFile(task + "/SOURCE.md"); err != nil {
			t.Errorf("%s/SOURCE.md not shipped: %v", task, err)
		}
	}
	files, err := src.Glob("mmlu/test/*_test.csv")
	if err != nil || len(files) != 57 {
		t.Fatalf("glob: %d files, %v", len(files), err)
	}
	_, err = src.ReadFile("mmlu/nope.csv")
	if !errors.Is(err, ErrMissingData) {
		t.Fatalf("missing member: %v", err)
	}
}

func TestSelect(t *testing.T) {
	ts, err := Select("paper")
	if err != nil || len(ts) != 19 || ts[0].Name != "jcommonsenseqa" {
		t.Fatalf("paper: %d tasks, %v", len(ts), err)
	}
	if _, err := Select("mmlu,nope"); !errors.Is(err, ErrUnknownTask) {
		t.Fatalf("unknown: %v", err)
	}
	if ts, _ := Select("mmlu, mmlu ,gsm8k"); len(ts) != 2 {
		t.Fatalf("duplicates kept: %d", len(ts))
	}
}

// TestEmbeddedEqualsShared checks that the embedded archives hold exactly
// the files of shared/datasets, byte for byte (re-run
// scripts/pack-datasets.sh when this fails).
func TestEmbeddedEqualsShared(t *testing.T) {
	dir := testenv.Shared(t, "datasets")
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !strings.Contains(rel, "/") {
			return nil // README.md at the top
		}
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, err := Embedded().ReadFile(rel)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the embedded copy", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d files compared", n)
	}
}
