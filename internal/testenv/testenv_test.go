package testenv

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// TestFetchedModels checks that every model named here is where Model looks
// and starts with the GGUF magic, so a renamed file in fetch-models.sh or a
// truncated download shows up as one clear failure under `make test`.
func TestFetchedModels(t *testing.T) {
	for _, name := range []string{Stories, SmolLM2, Gemma3, QwenSmall} {
		t.Run(name, func(t *testing.T) {
			p := Model(t, name)
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			magic := make([]byte, 4)
			if _, err := io.ReadFull(f, magic); err != nil {
				t.Fatalf("%s: reading the header: %v", p, err)
			}
			if !bytes.Equal(magic, []byte("GGUF")) {
				t.Fatalf("%s starts with %q, want \"GGUF\"", p, magic)
			}
		})
	}
}
