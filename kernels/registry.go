package kernels

import (
	"slices"
	"sort"
)

// The implementation registry. Each accelerated implementation registers a
// pointer to the boolean that switches it on (set once by CPU detection).
// Tests use Select to run every available implementation against the
// generic one; `hyoka bench kernels` uses InUse to name the implementation.
// These toggles are the package's only mutable globals.

type impl struct {
	name      string
	on        *bool
	available bool // what CPU detection said; Select never enables more
}

var registry = map[string][]*impl{}

// register records implementation name of kernel family kernel, switched by *on.
func register(kernel, name string, on *bool) {
	registry[kernel] = append(registry[kernel], &impl{name: name, on: on, available: *on})
}

// Kernels returns the names of the kernel families that have accelerated
// implementations, sorted.
func Kernels() []string {
	var ks []string
	for k := range registry {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Implementations returns the implementations of kernel available on this
// CPU (in registration order, fastest last) followed by "generic".
func Implementations(kernel string) []string {
	var names []string
	for _, im := range registry[kernel] {
		if im.available {
			names = append(names, im.name)
		}
	}
	return append(names, "generic")
}

// InUse returns the implementation of kernel that calls use now: the last
// registered implementation whose toggle is on, or "generic".
func InUse(kernel string) string {
	ims := registry[kernel]
	for i := len(ims) - 1; i >= 0; i-- {
		if *ims[i].on {
			return ims[i].name
		}
	}
	return "generic"
}

// Select switches kernel to implementation name (one of Implementations):
// every implementation registered after name is turned off, name and those
// before it keep what detection found. It returns a function that restores
// the previous toggles. It is meant for tests and benchmarks and must not
// run concurrently with kernels.
func Select(kernel, name string) (restore func()) {
	ims := registry[kernel]
	saved := make([]bool, len(ims))
	for i, im := range ims {
		saved[i] = *im.on
	}
	restore = func() {
		for i, im := range ims {
			*im.on = saved[i]
		}
	}
	idx := slices.IndexFunc(ims, func(im *impl) bool { return im.name == name })
	if name != "generic" && (idx < 0 || !ims[idx].available) {
		panic("kernels: no implementation " + name + " of " + kernel)
	}
	for i, im := range ims {
		*im.on = im.available && i <= idx
	}
	return restore
}
