package pyrand

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"strconv"
	"testing"
)

type golden struct {
	Python string `json:"python"`
	Cases  []struct {
		Seed        string            `json:"seed"`
		Uint32      []uint32          `json:"uint32"`
		Random      []string          `json:"random"`
		GetRandBits [][2]json.Number  `json:"getrandbits"`
		RandBelow   [][2]json.Number  `json:"randbelow"`
		Shuffle     []json.RawMessage `json:"shuffle"`
		Sample      []json.RawMessage `json:"sample"`
		Choice      [][2]int          `json:"choice"`
	} `json:"cases"`
	Module struct {
		Seed string `json:"seed"`
		Head []int  `json:"shuffle8939_head"`
	} `json:"module"`
}

func num(t *testing.T, n json.Number) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(string(n), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAgainstCPython replays, call for call, the sequence of the golden
// script on the same seeds and compares every output with CPython's.
func TestAgainstCPython(t *testing.T) {
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var g golden
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) < 10 {
		t.Fatalf("golden has %d cases", len(g.Cases))
	}
	for _, c := range g.Cases {
		seed, ok := new(big.Int).SetString(c.Seed, 10)
		if !ok || !seed.IsInt64() {
			t.Fatalf("seed %q", c.Seed)
		}
		r := New(seed.Int64())
		for i, want := range c.Uint32 {
			if got := uint32(r.GetRandBits(32)); got != want {
				t.Fatalf("seed %s uint32[%d] = %d, want %d", c.Seed, i, got, want)
			}
		}
		for i, want := range c.Random {
			if got := strconv.FormatFloat(r.Random(), 'x', -1, 64); !sameHex(got, want) {
				t.Fatalf("seed %s random[%d] = %s, want %s", c.Seed, i, got, want)
			}
		}
		for _, kv := range c.GetRandBits {
			k := int(num(t, kv[0]))
			if got, want := r.GetRandBits(k), num(t, kv[1]); got != want {
				t.Fatalf("seed %s getrandbits(%d) = %d, want %d", c.Seed, k, got, want)
			}
		}
		for _, nv := range c.RandBelow {
			n := int(num(t, nv[0]))
			if got, want := r.RandBelow(n), int(num(t, nv[1])); got != want {
				t.Fatalf("seed %s randbelow(%d) = %d, want %d", c.Seed, n, got, want)
			}
		}
		for _, raw := range c.Shuffle {
			var s []json.RawMessage
			if err := json.Unmarshal(raw, &s); err != nil || len(s) != 3 {
				t.Fatalf("shuffle entry %s", raw)
			}
			var n int
			var head []int
			var sum uint64
			_ = json.Unmarshal(s[0], &n)
			_ = json.Unmarshal(s[1], &head)
			_ = json.Unmarshal(s[2], &sum)
			p := r.Perm(n)
			for i, v := range head {
				if p[i] != v {
					t.Fatalf("seed %s shuffle(%d)[%d] = %d, want %d", c.Seed, n, i, p[i], v)
				}
			}
			const mod = 1<<61 - 1
			var got uint64
			for i, v := range p {
				got = (got + uint64(i+1)*uint64(v)%mod) % mod
			}
			if got != sum {
				t.Fatalf("seed %s shuffle(%d) checksum %d, want %d", c.Seed, n, got, sum)
			}
		}
		for _, raw := range c.Sample {
			var s []json.RawMessage
			if err := json.Unmarshal(raw, &s); err != nil || len(s) != 3 {
				t.Fatalf("sample entry %s", raw)
			}
			var n, k int
			var want []int
			_ = json.Unmarshal(s[0], &n)
			_ = json.Unmarshal(s[1], &k)
			_ = json.Unmarshal(s[2], &want)
			got, ok := r.Sample(n, k)
			if !ok || len(got) != len(want) {
				t.Fatalf("seed %s sample(%d,%d) = %v, want %v", c.Seed, n, k, got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("seed %s sample(%d,%d) = %v, want %v", c.Seed, n, k, got, want)
				}
			}
		}
		for _, cv := range c.Choice {
			if got := r.Choice(cv[0]); got != cv[1] {
				t.Fatalf("seed %s choice(%d) = %d, want %d", c.Seed, cv[0], got, cv[1])
			}
		}
	}
	r := New(42)
	p := r.Perm(8939)
	for i, v := range g.Module.Head {
		if p[i] != v {
			t.Fatalf("random.seed(42); shuffle(8939)[%d] = %d, want %d", i, p[i], v)
		}
	}
}

func TestSampleOutOfRange(t *testing.T) {
	r := New(1)
	if _, ok := r.Sample(3, 4); ok {
		t.Fatal("sample(3, 4) should fail like Python's ValueError")
	}
	if _, ok := r.Sample(3, -1); ok {
		t.Fatal("sample(3, -1) should fail")
	}
}

// sameHex compares Go's and Python's hex float spellings (0x1.8p-01 vs 0x1.8p-1).
func sameHex(goHex, pyHex string) bool {
	a, err1 := strconv.ParseFloat(goHex, 64)
	b, err2 := strconv.ParseFloat(pyHex, 64)
	return err1 == nil && err2 == nil && a == b
}
