// qmm: C = mul_mat(A, B) for a quantized A through ggml's CPU backend, the
// way llama.cpp runs a model's weights: with repack=1, A lives in the
// CPU_REPACK buffer (Q4_K becomes q4_K_8x8: the gemm for the tokens four at
// a time, the gemv for the rest); with repack=0 in a plain buffer
// (ggml_vec_dot_* for one token, llamafile's tinyBLAS where it takes the
// type for two or more).
// stdin: int32 m n k type repack; A as ggml stores it (m rows of
// ggml_row_size(type, k) bytes); B float32 (n*k). stdout: C float32 (n*m).
#include <cstdint>
#include <cstdio>
#include <vector>
#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

// exported by libggml-cpu with C++ linkage (ggml-cpu/repack.h)
ggml_backend_buffer_type_t ggml_backend_cpu_repack_buffer_type(void);

int main() {
	int32_t h[5];
	if (fread(h, 4, 5, stdin) != 5) return 1;
	const int m = h[0], n = h[1], k = h[2], repack = h[4];
	const ggml_type type = (ggml_type) h[3];
	const size_t rs = ggml_row_size(type, k);
	std::vector<uint8_t> a(rs * m);
	std::vector<float> b((size_t) n * k);
	if (fread(a.data(), 1, a.size(), stdin) != a.size()) return 1;
	if (fread(b.data(), 4, b.size(), stdin) != b.size()) return 1;

	ggml_init_params wp = {ggml_tensor_overhead() * 4, nullptr, true};
	ggml_context * wctx = ggml_init(wp);
	ggml_tensor * A = ggml_new_tensor_2d(wctx, type, k, m);
	ggml_backend_buffer_type_t bt = repack ? ggml_backend_cpu_repack_buffer_type() : ggml_backend_cpu_buffer_type();
	ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors_from_buft(wctx, bt);
	if (!buf) return 2;
	ggml_backend_tensor_set(A, a.data(), 0, a.size());

	ggml_init_params ip = {(size_t) 256 << 20, nullptr, false};
	ggml_context * ctx = ggml_init(ip);
	ggml_tensor * B = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, k, n);
	for (size_t i = 0; i < b.size(); i++) ((float *) B->data)[i] = b[i];
	ggml_tensor * C = ggml_mul_mat(ctx, A, B);
	ggml_cgraph * g = ggml_new_graph(ctx);
	ggml_build_forward_expand(g, C);
	ggml_graph_compute_with_ctx(ctx, g, 1);
	fwrite(C->data, 4, (size_t) m * n, stdout);
	return 0;
}
