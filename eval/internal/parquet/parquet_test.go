package parquet

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var cols = []string{"id", "url", "title", "summary", "text"}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFixtures reads files written by pyarrow (testdata/make_fixtures.py)
// in several settings and compares every value with expected.json.
func TestFixtures(t *testing.T) {
	var want []map[string]string
	if err := json.Unmarshal(readFixture(t, "expected.json"), &want); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"snappy_dict_v1", "none_plain_v2", "gzip_dict_v2_pages", "snappy_plain_v1_groups"} {
		t.Run(name, func(t *testing.T) {
			got, err := ReadStrings(readFixture(t, name+".parquet"), cols)
			if err != nil {
				t.Fatal(err)
			}
			for ci, c := range cols {
				if len(got[ci]) != len(want) {
					t.Fatalf("column %s: %d values, want %d", c, len(got[ci]), len(want))
				}
				for i := range want {
					if got[ci][i] != want[i][c] {
						t.Errorf("row %d column %s = %q, want %q", i, c, got[ci][i], want[i][c])
					}
				}
			}
		})
	}
}

func TestUnsupportedAndCorrupt(t *testing.T) {
	if _, err := ReadStrings(readFixture(t, "zstd.parquet"), cols); !errors.Is(err, ErrUnsupported) {
		t.Errorf("zstd: %v", err)
	}
	b := readFixture(t, "snappy_dict_v1.parquet")
	if _, err := ReadStrings(b, []string{"n"}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("int64 column: %v", err)
	}
	if _, err := ReadStrings(b, []string{"nope"}); err == nil {
		t.Error("missing column accepted")
	}
	if _, err := ReadStrings([]byte("PAR1"), cols); !errors.Is(err, ErrCorrupt) {
		t.Errorf("short file: %v", err)
	}
	// Every truncation and many single-byte corruptions fail cleanly
	// (no panic; an error or, rarely, different values).
	for n := 0; n < len(b); n += 7 {
		_, _ = ReadStrings(b[:n], cols)
	}
	for i := 0; i < len(b); i += 3 {
		c := append([]byte(nil), b...)
		c[i] ^= 0x5a
		_, _ = ReadStrings(c, cols)
	}
}

func FuzzReadStrings(f *testing.F) {
	for _, n := range []string{"snappy_dict_v1", "none_plain_v2", "gzip_dict_v2_pages"} {
		b, err := os.ReadFile(filepath.Join("testdata", n+".parquet"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ReadStrings(b, cols)
	})
}
