package kernels

import (
	"slices"
	"strings"
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
	// an implementation registered before the CPU detection ran would be
	// listed as unavailable, and the tests would run the generic code alone
	for k, ims := range registry {
		for _, im := range ims {
			fits := strings.HasPrefix(im.name, "avx512") && useAVX512 || strings.HasPrefix(im.name, "avx2") && useAVX2
			if fits && !im.available {
				t.Errorf("%s/%s: unavailable on a CPU that runs it (registered before detection?)", k, im.name)
			}
		}
	}
}
