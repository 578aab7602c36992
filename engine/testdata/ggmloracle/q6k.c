// q6k: llama.cpp's own Q6_K row dots, as its CPU backend runs a Q6_K matrix
// on x86 (not repacked there): quantize_row_q8_K of the activations, then
// ggml_vec_dot_q6_K_q8_K per row. Declared here, so no headers are needed.
// stdin: int32 rows, cols (a multiple of 256); rows*cols/256*210 bytes of
// Q6_K; cols float32 activations. stdout: rows float32.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void ggml_cpu_init(void);
void quantize_row_q8_K(const float *x, void *y, int64_t k);
void ggml_vec_dot_q6_K_q8_K(int n, float *s, size_t bs, const void *vx, size_t bx, const void *vy, size_t by, int nrc);

int main(void) {
	int32_t h[2];
	if (fread(h, 4, 2, stdin) != 2) return 1;
	const int rows = h[0], cols = h[1];
	const size_t rb = (size_t) cols / 256 * 210;
	uint8_t *w = malloc(rb * rows);
	float *x = malloc(4 * (size_t) cols);
	uint8_t *q = malloc((size_t) cols / 256 * 292); // block_q8_K: d, qs[256], bsums[16]
	if (!w || !x || !q) return 2;
	if (fread(w, 1, rb * rows, stdin) != rb * rows) return 1;
	if (fread(x, 4, cols, stdin) != (size_t) cols) return 1;
	ggml_cpu_init();
	quantize_row_q8_K(x, q, cols);
	for (int r = 0; r < rows; r++) {
		float s;
		ggml_vec_dot_q6_K_q8_K(cols, &s, 0, w + rb * r, 0, q, 0, 1);
		fwrite(&s, 4, 1, stdout);
	}
	return 0;
}
