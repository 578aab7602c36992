//go:build unix && !linux

package gguf

// adviseHugePages does nothing where Linux's transparent huge pages do not exist.
func adviseHugePages(b []byte) {}
