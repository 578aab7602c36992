package kernels

import (
	"slices"
	"testing"
)

// TestRegistry: every family lists generic last, Select switches InUse and
// restore puts the detected state back.
func TestRegistry(t *testing.T) {
	for _, k := range append(Kernels(), "no-such-family") {
		impls := Implementations(k)
		if impls[len(impls)-1] != "generic" {
			t.Fatalf("%s: %v does not end with generic", k, impls)
		}
		before := InUse(k)
		for _, name := range impls {
			restore := Select(k, name)
			if got := InUse(k); got != name {
				t.Errorf("%s: Select(%s) leaves %s in use", k, name, got)
			}
			restore()
		}
		if InUse(k) != before {
			t.Errorf("%s: restore gave %s, want %s", k, InUse(k), before)
		}
	}
	if useAVX2 && !slices.Contains(Implementations("qdot"), "avx2") {
		t.Errorf("AVX2 CPU without the qdot/avx2 implementation")
	}
}
