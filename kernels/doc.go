// Package kernels holds every hot numeric loop of hyoka: dot products,
// quantized vector dots (weights against on-the-fly quantized activations),
// matrix multiplication, normalisation, RoPE, softmax and activations, and the
// worker pool that runs them. Each assembly routine has a generic Go twin that
// is always compiled; the build tag purego forces the generic path.
package kernels
