package engine

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"bytes"
	"encoding/binary"
	"hyoka/gguf"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"
)

// The Oracle tests compare with llama.cpp's own CPU library and glibc,
// through the programs engine/testdata/ggmloracle/build.sh builds into
// $HYOKA_GGML_ORACLE; without it they are skipped.

func oracle(t *testing.T, name string) string {
	dir := os.Getenv("HYOKA_GGML_ORACLE")
	if dir == "" {
		t.Skip("HYOKA_GGML_ORACLE not set (see engine/testdata/ggmloracle/build.sh)")
	}
	return filepath.Join(dir, name)
}

// TestOracleRope: applyRope with ropeAngles equals ggml_rope_ext.
func TestOracleRope(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, neox := range []bool{false, true} {
		h, n, d := 9, 300, 64
		base := float32(100000)
		x := make([]float32, n*h*d)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * 2)
		}
		pos := make([]int32, n)
		for i := range pos {
			pos[i] = int32(i * 7)
		}
		md := int32(0)
		if neox {
			md = 2
		}
		var in bytes.Buffer
		for _, v := range []any{int32(h), int32(n), int32(d), md, base, x, pos} {
			binary.Write(&in, binary.LittleEndian, v)
		}
		cmd := exec.Command(oracle(t, "ops"), "p")
		cmd.Stdin = &in
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		c := make([]float32, len(out)/4)
		binary.Read(bytes.NewReader(out), binary.LittleEndian, c)
		r := RopeConfig{Dims: d, Base: base, FreqScale: 1, AttnFactor: 1, Neox: neox}
		cs := make([]float32, d)
		bad := 0
		for i := range n {
			ropeAngles(&r, int(pos[i]), cs)
			v := append([]float32(nil), x[i*h*d:(i+1)*h*d]...)
			applyRope(v, h, d, cs, d, neox)
			for j := range v {
				if math.Float32bits(v[j]) != math.Float32bits(c[i*h*d+j]) {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("neox=%v: %d of %d differ", neox, bad, n*h*d)
		}
	}
}

// TestOracleGeluTable: geluTable equals ggml_table_gelu_f16.
func TestOracleGeluTable(t *testing.T) {
	raw, err := os.ReadFile(oracle(t, "gelu_table.bin"))
	if err != nil {
		t.Fatal(err)
	}
	tab := geluTable()
	bad := 0
	for i := range 1 << 16 {
		want := gguf.F16ToF32(binary.LittleEndian.Uint16(raw[2*i:]))
		if tab[i] != want && want == want {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of 65536 entries differ", bad)
	}
}

// TestOracleSincosf: sincosf equals glibc's on RoPE angles.
func TestOracleSincosf(t *testing.T) {
	f, err := os.Open(oracle(t, "sincos.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, bad := 0, 0
	for sc.Scan() {
		var th, c, s uint32
		if _, err := fmt.Sscanf(sc.Text(), "%x %x %x", &th, &c, &s); err != nil {
			continue
		}
		gs, gc := sincosf(math.Float32frombits(th))
		n++
		if math.Float32bits(gc) != c || math.Float32bits(gs) != s {
			bad++
		}
	}
	if n == 0 || bad > 0 {
		t.Errorf("%d of %d angles differ", bad, n)
	}
}
